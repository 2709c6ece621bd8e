/**
 * Notifications show plain text, not Markdown: a `code span` would show its backticks. Messages that come from
 * the engine (fix notes, verification summaries and errors) are written for Markdown and terminals alike, so
 * their code spans are shown in quotes here; a lone backtick is dropped.
 */
export function notificationText(message: string): string {
  return message.replace(/`([^`\n]+)`/g, '"$1"').replace(/`/g, '');
}
