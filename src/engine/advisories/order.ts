/** An order comparison, as npm ranges and PEP 440 specifiers both spell it. */
export type OrderOp = '<' | '<=' | '>' | '>=';

/** Whether `d`, a comparison of a version with a bound (negative: below it, 0: equal, positive: above), satisfies `op`. */
export function satisfiesOrder(op: OrderOp, d: number): boolean {
  switch (op) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
  }
}
