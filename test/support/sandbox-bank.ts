import { Configuration, CountryCode, PlaidApi, Products } from "plaid";
import { SANDBOX_BANK_CLIENT_ID, SANDBOX_BANK_SECRET } from "@/lib/bank-link/sandbox/credentials";

/** The real `plaid` client, pointed at a test server's built-in sandbox bank. */
export function sandboxPlaid(baseUrl: string): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: `${baseUrl}/api/sandbox-bank`,
      baseOptions: { headers: { "PLAID-CLIENT-ID": SANDBOX_BANK_CLIENT_ID, "PLAID-SECRET": SANDBOX_BANK_SECRET } },
    }),
  );
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

export type LinkedItem = { publicToken: string; accounts: { id: string; name: string; mask: string | null; subtype: string | null }[] };

/**
 * What a claimant's browser does through the sandbox Link script: a link token from the server,
 * then the sandbox session and credentials, ending with a public token and the item's accounts.
 */
export async function linkThroughSandbox(
  baseUrl: string,
  options: { institutionId?: string; username?: string; password?: string } = {},
): Promise<LinkedItem> {
  const plaid = sandboxPlaid(baseUrl);
  const { data } = await plaid.linkTokenCreate({
    client_name: "Test",
    language: "en",
    country_codes: [CountryCode.Us],
    user: { client_user_id: "test-claimant" },
    products: [Products.Auth],
  });
  const session = await post<{ link_session_id: string }>(`${baseUrl}/api/sandbox-bank/link/session`, { link_token: data.link_token });
  const result = await post<{ public_token: string; accounts: LinkedItem["accounts"] }>(`${baseUrl}/api/sandbox-bank/link/session/credentials`, {
    link_token: data.link_token,
    link_session_id: session.link_session_id,
    institution_id: options.institutionId ?? "ins_109508",
    username: options.username ?? "user_good",
    password: options.password ?? "pass_good",
  });
  return { publicToken: result.public_token, accounts: result.accounts };
}
