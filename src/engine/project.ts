import { homepage, version } from '../../package.json';

/** Keyward's version, from package.json. */
export const KEYWARD_VERSION: string = version;

/** Where docs/rules.md is published: every rule's section is `${RULES_DOCS_URL}#kw101`. */
export const RULES_DOCS_URL: string = `${homepage.replace(/#.*$/, '')}/blob/main/docs/rules.md`;
