import "server-only";
import { Configuration, CountryCode, PlaidApi, PlaidEnvironments, Products } from "plaid";
import { config } from "../config";
import { isIdentityUnsupported, plaidFailure, toBankLinkError, type PlaidStep } from "./plaid-errors";
import { SANDBOX_BANK_CLIENT_ID, SANDBOX_BANK_SECRET } from "./sandbox/credentials";
import { BankLinkError, type BankLink, type LinkedAccount, type LinkToken } from "./types";

// Bank linking over the official `plaid` client, one implementation for both backends: real Plaid
// when PLAID_CLIENT_ID and PLAID_SECRET are set, otherwise the app's own sandbox bank
// (app/api/sandbox-bank), which serves the same endpoints with the same shapes.

export type BankLinkBackend = { mode: BankLink["mode"]; basePath: string; clientId: string; secret: string };

/** The path under APP_URL where the built-in sandbox bank answers Plaid's API. */
export const SANDBOX_BANK_PATH = "/api/sandbox-bank";

const CLIENT_NAME_MAX = 30;
const REQUEST_TIMEOUT_MS = 20_000;

function configurationError(message: string) {
  return new BankLinkError("configuration", null, message);
}

/**
 * Which backend the configuration (PLAID_CLIENT_ID, PLAID_SECRET, PLAID_ENV) asks for.
 * `PlaidEnvironments[x]` is undefined for anything but "sandbox" and "production", and the client
 * treats an undefined base path as production: an unknown PLAID_ENV is refused, never defaulted.
 */
export function bankLinkBackend(env: Record<string, string | undefined> = plaidSettings(), appUrl: () => string = () => config().appUrl): BankLinkBackend {
  const clientId = env.PLAID_CLIENT_ID?.trim() || undefined;
  const secret = env.PLAID_SECRET?.trim() || undefined;
  const plaidEnv = env.PLAID_ENV?.trim() || undefined;
  if (!clientId && !secret) {
    if (plaidEnv === "production") throw configurationError("PLAID_ENV=production needs PLAID_CLIENT_ID and PLAID_SECRET.");
    if (plaidEnv !== undefined && plaidEnv !== "sandbox") throw configurationError(`PLAID_ENV must be "sandbox" or "production", not ${JSON.stringify(plaidEnv)}.`);
    return { mode: "sandbox", basePath: `${appUrl()}${SANDBOX_BANK_PATH}`, clientId: SANDBOX_BANK_CLIENT_ID, secret: SANDBOX_BANK_SECRET };
  }
  if (!clientId || !secret) throw configurationError("Set both PLAID_CLIENT_ID and PLAID_SECRET, or neither (to use the built-in sandbox bank).");
  const name = plaidEnv ?? "sandbox";
  if (name !== "sandbox" && name !== "production") throw configurationError(`PLAID_ENV must be "sandbox" or "production", not ${JSON.stringify(name)}.`);
  const basePath = PlaidEnvironments[name];
  if (typeof basePath !== "string" || !basePath.startsWith("https://")) throw configurationError(`The plaid package has no base path for ${name}.`);
  return { mode: name === "production" ? "plaid-production" : "plaid-sandbox", basePath, clientId, secret };
}

function plaidSettings() {
  const { PLAID_CLIENT_ID, PLAID_SECRET, PLAID_ENV } = config();
  return { PLAID_CLIENT_ID, PLAID_SECRET, PLAID_ENV };
}

let cached: { key: string; link: BankLink } | undefined;

/** The process's BankLink, for the backend the environment selects. Throws BankLinkError("configuration"). */
export function bankLink(): BankLink {
  const backend = bankLinkBackend();
  const key = `${backend.mode} ${backend.basePath} ${backend.clientId} ${backend.secret}`;
  if (cached?.key !== key) cached = { key, link: createBankLink(backend) };
  return cached.link;
}

/** Plaid limits client_name to 30 characters; cut on code points so no surrogate is split. */
export function linkClientName(name: string): string {
  const cut = Array.from(name.trim()).slice(0, CLIENT_NAME_MAX).join("").trim();
  return cut || "Payout Links";
}

export function createBankLink(backend: BankLinkBackend, options: { timeoutMs?: number } = {}): BankLink {
  if (!backend.basePath) throw configurationError("No Plaid base path.");
  const api = new PlaidApi(
    new Configuration({
      basePath: backend.basePath,
      baseOptions: {
        timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
        headers: { "PLAID-CLIENT-ID": backend.clientId, "PLAID-SECRET": backend.secret },
      },
    }),
  );

  async function call<T>(step: PlaidStep, fn: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await fn()).data;
    } catch (err) {
      throw toBankLinkError(err, step);
    }
  }

  /** True when the Item is gone (now or already); false, logged, when the bank could not remove it. */
  async function removeQuietly(accessToken: string): Promise<boolean> {
    try {
      await api.itemRemove({ access_token: accessToken });
      return true;
    } catch (err) {
      const failure = plaidFailure(err);
      // Already gone is what we wanted.
      if (failure && ["INVALID_ACCESS_TOKEN", "ITEM_NOT_FOUND"].includes(failure.errorCode)) return true;
      toBankLinkError(err, "item_remove"); // logs type/code/request id only
      return false;
    }
  }

  /**
   * The institution's display name. The Item that /auth/get returns names it (`institution_name`);
   * for an answer without it, /institutions/get_by_id. A name is not worth failing a claim over.
   */
  async function institutionName(item: { institution_id?: string | null; institution_name?: string | null }): Promise<string> {
    if (item.institution_name) return item.institution_name;
    if (!item.institution_id) return "Unknown bank";
    try {
      const data = await call("institutions_get_by_id", () => api.institutionsGetById({ institution_id: item.institution_id!, country_codes: [CountryCode.Us] }));
      return data.institution.name;
    } catch {
      return "Unknown bank";
    }
  }

  async function nameMatchScore(accessToken: string, accountId: string, owner: { legalName: string; email: string }): Promise<number | null> {
    try {
      const data = (
        await api.identityMatch({
          access_token: accessToken,
          user: { legal_name: owner.legalName, email_address: owner.email },
          options: { account_ids: [accountId] },
        })
      ).data;
      const score = data.accounts.find((a) => a.account_id === accountId)?.legal_name?.score;
      return typeof score === "number" && Number.isFinite(score) ? Math.max(0, Math.min(100, Math.round(score))) : null;
    } catch (err) {
      // No owner data at this bank (or Identity not enabled for this client): no score, not a failure.
      if (isIdentityUnsupported(err)) return null;
      throw toBankLinkError(err, "identity_match");
    }
  }

  return {
    mode: backend.mode,

    async createLinkToken({ clientUserId, clientName }): Promise<LinkToken> {
      const data = await call("link_token_create", () =>
        api.linkTokenCreate({
          client_name: linkClientName(clientName),
          language: "en",
          country_codes: [CountryCode.Us],
          user: { client_user_id: clientUserId },
          products: [Products.Auth],
          required_if_supported_products: [Products.Identity],
        }),
      );
      return { linkToken: data.link_token, expiration: data.expiration };
    },

    async linkAccount({ publicToken, accountId, owner }): Promise<LinkedAccount> {
      // Checked before the exchange, which would spend the single-use public token.
      if (accountId.trim() === "") throw new BankLinkError("account_not_found", null, "No account was chosen.");
      const { access_token: accessToken, item_id: itemId } = await call("public_token_exchange", () =>
        api.itemPublicTokenExchange({ public_token: publicToken }),
      );
      try {
        const auth = await call("auth_get", () => api.authGet({ access_token: accessToken, options: { account_ids: [accountId] } }));
        const account = auth.accounts.find((a) => a.account_id === accountId);
        const ach = auth.numbers.ach.find((n) => n.account_id === accountId);
        if (!account || !ach) throw new BankLinkError("account_not_found", null, "The chosen account has no ACH numbers at the bank.");
        const score = owner ? await nameMatchScore(accessToken, accountId, owner) : null;
        return {
          itemId,
          accessToken,
          accountId,
          institutionId: auth.item.institution_id ?? null,
          institutionName: await institutionName(auth.item),
          accountName: account.name || null,
          accountSubtype: account.subtype ?? null,
          mask: account.mask ?? ach.account.slice(-4),
          routingNumber: ach.routing,
          accountNumber: ach.account,
          nameMatchScore: score,
        };
      } catch (err) {
        // Nothing half-kept: an Item we will not use is removed at the bank.
        await removeQuietly(accessToken);
        throw err;
      }
    },

    removeItem: removeQuietly,
  };
}
