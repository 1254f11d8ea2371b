import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { clientIp } from "../../http/client-ip";
import { enforceRateLimit } from "../../http/rate-limit";
import { SANDBOX_INSTITUTIONS, findInstitution, itemAccounts } from "./institutions";
import { checkSandboxLogin, createItem, liveLinkToken, plaidTimestamp } from "./items";
import { SandboxPlaidError } from "./plaid-error";
import { plaidEndpoint, type SandboxContext } from "./route";

// What the sandbox Link script (public/sandbox-link/link-initialize.js) talks to in place of Plaid
// Link's own backend. Not part of Plaid's API: the browser has no API keys, only the link token,
// which must be live. Errors keep Plaid's shape so the script can hand them to onExit unchanged.

export type LinkSessionStartRequest = { link_token: string };
export type LinkSessionStartResponse = {
  link_session_id: string;
  client_name: string;
  expiration: string;
  institutions: { institution_id: string; name: string; primary_color: string }[];
  sandbox: true;
  request_id: string;
};

export type LinkSessionCredentialsRequest = {
  link_token: string;
  link_session_id: string;
  institution_id: string;
  username: string;
  password: string;
};
export type LinkSessionCredentialsResponse = {
  public_token: string;
  institution: { institution_id: string; name: string };
  accounts: { id: string; name: string; mask: string | null; type: string; subtype: string | null; verification_status: null }[];
  sandbox: true;
  request_id: string;
};

// Per client address, generous: the sandbox is a demo, the limit only stops a loop filling tables.
const LINK_RATE_LIMIT = { name: "sandbox_link", limit: 300, windowSeconds: 60 };

async function limit(ctx: SandboxContext) {
  try {
    await enforceRateLimit(ctx.db, LINK_RATE_LIMIT, clientIp(ctx.req));
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") throw new SandboxPlaidError("RATE_LIMIT");
    throw err;
  }
}

/** Link opens: the link token must be live; answers the institutions to pick from. */
export const linkSessionStart = plaidEndpoint<LinkSessionStartRequest, LinkSessionStartResponse>()({
  fields: { link_token: true },
  schema: z.object({ link_token: z.string() }),
  async handle(input, ctx) {
    await limit(ctx);
    const token = await liveLinkToken(ctx.db, input.link_token, ctx.now);
    return {
      link_session_id: randomUUID(),
      client_name: token.clientName,
      expiration: plaidTimestamp(token.expiresAt),
      institutions: SANDBOX_INSTITUTIONS.map((i) => ({ institution_id: i.institution_id, name: i.name, primary_color: i.primaryColor })),
      sandbox: true,
    };
  },
});

/** The credentials pane: a sandbox login creates the Item and its public token. */
export const linkSessionCredentials = plaidEndpoint<LinkSessionCredentialsRequest, LinkSessionCredentialsResponse>()({
  fields: { link_token: true, link_session_id: true, institution_id: true, username: true, password: true },
  schema: z.object({
    link_token: z.string(),
    link_session_id: z.string().max(100),
    institution_id: z.string().max(100),
    username: z.string().max(200),
    password: z.string().max(200),
  }),
  async handle(input, ctx) {
    await limit(ctx);
    await liveLinkToken(ctx.db, input.link_token, ctx.now);
    const institution = findInstitution(input.institution_id);
    if (!institution) throw new SandboxPlaidError("INVALID_INSTITUTION");
    checkSandboxLogin(input.username, input.password);
    const { item, publicToken } = await createItem(ctx.db, institution, ctx.now);
    return {
      public_token: publicToken,
      institution: { institution_id: institution.institution_id, name: institution.name },
      accounts: itemAccounts(item.id, institution).map(({ base }) => ({
        id: base.account_id,
        name: base.name,
        mask: base.mask,
        type: base.type,
        subtype: base.subtype,
        verification_status: null,
      })),
      sandbox: true,
    };
  },
});
