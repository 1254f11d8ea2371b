import { createHash } from "node:crypto";
import { AccountSubtype, AccountType, CountryCode, Products, type AccountBase, type Institution, type NumbersACH } from "plaid";

// The sandbox bank's fixed data, as Plaid's sandbox documents it for `user_good` / `pass_good` at
// First Platypus Bank (see PLAID.md). The other institutions exist so the picker has a choice; they
// hold the same accounts. Houndstooth Bank does not offer Identity, so /identity/match answers
// PRODUCTS_NOT_SUPPORTED there, the way an institution without owner data behaves on real Plaid.

export type SandboxInstitution = {
  institution_id: string;
  name: string;
  products: Products[];
  routing: string;
  wireRouting: string;
  primaryColor: string;
  url: string;
  /** The accounts a login there holds; checking and savings unless said otherwise. */
  accounts?: readonly AccountKind[];
};

export const SANDBOX_INSTITUTIONS: readonly SandboxInstitution[] = [
  {
    institution_id: "ins_109508",
    name: "First Platypus Bank",
    products: [Products.Auth, Products.Identity],
    routing: "011401533",
    wireRouting: "021000021",
    primaryColor: "#1f1f1f",
    url: "https://www.plaid.com",
  },
  {
    institution_id: "ins_109511",
    name: "Tartan Bank",
    products: [Products.Auth, Products.Identity],
    routing: "011401533",
    wireRouting: "021000021",
    primaryColor: "#174c3c",
    url: "https://www.plaid.com",
  },
  {
    institution_id: "ins_109512",
    name: "Houndstooth Bank",
    products: [Products.Auth],
    routing: "011401533",
    wireRouting: "021000021",
    primaryColor: "#3c3c3c",
    url: "https://www.plaid.com",
  },
  {
    // Accounts whose numbers end in 0002, 0003 and 0004 make money movement fail, come back or be
    // declined (the sandbox rail and the sandbox bank's Plaid Transfer, lib/bank-link/sandbox/transfer-outcomes.ts),
    // so those paths can be tried through Link like any other account.
    institution_id: "ins_109509",
    name: "First Gingham Credit Union",
    products: [Products.Auth, Products.Identity],
    routing: "011401533",
    wireRouting: "021000021",
    primaryColor: "#6b2d5c",
    url: "https://www.plaid.com",
    accounts: ["checking", "closed", "returning", "declining"],
  },
];

export function findInstitution(institutionId: string): SandboxInstitution | undefined {
  return SANDBOX_INSTITUTIONS.find((i) => i.institution_id === institutionId);
}

export function institutionObject(ins: SandboxInstitution): Institution {
  return {
    institution_id: ins.institution_id,
    name: ins.name,
    products: ins.products,
    country_codes: [CountryCode.Us],
    url: ins.url,
    primary_color: ins.primaryColor,
    logo: null,
    routing_numbers: [ins.routing],
    dtc_numbers: [],
    oauth: false,
  };
}

/** The account holder Plaid's sandbox reports for `user_good`. */
export const SANDBOX_OWNER = {
  names: ["Alberta Bobbeth Charleson"],
  emails: ["accountholder0@example.com", "accountholder1@example.com"],
} as const;

type AccountKind = "checking" | "savings" | "closed" | "returning" | "declining";

const ACCOUNTS: readonly {
  kind: AccountKind;
  number: string;
  mask: string;
  name: string;
  officialName: string;
  subtype: AccountSubtype;
  available: number;
  current: number;
}[] = [
  {
    kind: "checking",
    number: "1111222233330000",
    mask: "0000",
    name: "Plaid Checking",
    officialName: "Plaid Gold Standard 0% Interest Checking",
    subtype: AccountSubtype.Checking,
    available: 100,
    current: 110,
  },
  {
    kind: "savings",
    number: "1111222233331111",
    mask: "1111",
    name: "Plaid Saving",
    officialName: "Plaid Silver Standard 0.1% Interest Saving",
    subtype: AccountSubtype.Savings,
    available: 200,
    current: 210,
  },
  {
    kind: "closed",
    number: "1111222233330002",
    mask: "0002",
    name: "Closed Checking",
    officialName: "Sandbox Checking (transfers fail: account closed)",
    subtype: AccountSubtype.Checking,
    available: 100,
    current: 110,
  },
  {
    kind: "returning",
    number: "1111222233330003",
    mask: "0003",
    name: "Returning Checking",
    officialName: "Sandbox Checking (transfers settle, then are returned: R03)",
    subtype: AccountSubtype.Checking,
    available: 100,
    current: 110,
  },
  {
    kind: "declining",
    number: "1111222233330004",
    mask: "0004",
    name: "Declined Checking",
    officialName: "Sandbox Checking (transfer authorizations are declined)",
    subtype: AccountSubtype.Checking,
    available: 100,
    current: 110,
  },
];

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Plaid-looking identifier (37 characters, case-sensitive alphanumerics) from a seed. */
export function plaidStyleId(seed: string): string {
  let n = BigInt("0x" + createHash("sha256").update(seed).digest("hex"));
  let out = "";
  for (let i = 0; i < 37; i++) {
    out += BASE62[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

/** An item's accounts: ids derived from the item id, so they are stable for the item's life. */
export function itemAccounts(itemId: string, institution: SandboxInstitution) {
  const kinds = institution.accounts ?? ["checking", "savings"];
  return ACCOUNTS.filter((a) => kinds.includes(a.kind)).map((a) => {
    const account_id = plaidStyleId(`${itemId}:${a.kind}`);
    const base: AccountBase = {
      account_id,
      balances: { available: a.available, current: a.current, limit: null, iso_currency_code: "USD", unofficial_currency_code: null },
      mask: a.mask,
      name: a.name,
      official_name: a.officialName,
      type: AccountType.Depository,
      subtype: a.subtype,
    };
    const ach: NumbersACH = { account_id, account: a.number, routing: institution.routing, wire_routing: institution.wireRouting };
    return { base, ach };
  });
}
