import "server-only";
import {
  CountryCode,
  ItemRemoveReasonCode,
  ItemWithConsentFieldsUpdateTypeEnum,
  Products,
  type AccountIdentityMatchScore,
  type AuthGetRequest,
  type AuthGetResponse,
  type IdentityMatchRequest,
  type IdentityMatchResponse,
  type InstitutionsGetByIdRequest,
  type InstitutionsGetByIdResponse,
  type ItemGetRequest,
  type ItemGetResponse,
  type ItemPublicTokenExchangeRequest,
  type ItemPublicTokenExchangeResponse,
  type ItemRemoveRequest,
  type ItemRemoveResponse,
  type LinkTokenCreateRequest,
  type LinkTokenCreateResponse,
  type SandboxPublicTokenCreateRequest,
  type SandboxPublicTokenCreateResponse,
} from "plaid";
import { z } from "zod";
import { SANDBOX_OWNER, findInstitution, institutionObject, itemAccounts, type SandboxInstitution } from "./institutions";
import {
  LINK_TOKEN_TTL_MS,
  SANDBOX_PASSWORD,
  SANDBOX_USERNAME,
  checkSandboxLogin,
  createItem,
  deleteStaleSandboxRows,
  exchangePublicToken,
  itemForAccessToken,
  itemObject,
  newToken,
  plaidTimestamp,
  removeItem,
  tokenHash,
} from "./items";
import { bestLegalNameMatch, scoreEmail } from "./name-match";
import { SandboxPlaidError } from "./plaid-error";
import { plaidEndpoint } from "./route";

// The Plaid endpoints the app uses, served by the sandbox bank. Each is typed with the `plaid`
// package's request and response types (see plaidEndpoint), so the compiler keeps the contract.

const CREDENTIAL_FIELDS = { client_id: true, secret: true } as const;

// Link's languages, as Plaid documents them for link_token/create.
const LANGUAGES = ["da", "nl", "en", "et", "fr", "de", "hi", "it", "ja", "lv", "lt", "no", "pl", "pt", "ro", "es", "sv", "vi"] as const;
const SUPPORTED_PRODUCTS: readonly Products[] = [Products.Auth, Products.Identity];

const productList = z.array(z.enum(Products)).nullish();
const accountIdsOption = z.object({ account_ids: z.array(z.string()).optional() }).optional();

function refuseUnsupportedProducts(...lists: (readonly Products[] | null | undefined)[]) {
  const unsupported = lists.flatMap((l) => l ?? []).filter((p) => !SUPPORTED_PRODUCTS.includes(p));
  if (unsupported.length > 0) throw new SandboxPlaidError("INVALID_PRODUCT", [...new Set(unsupported)].join(", "));
}

function requireProduct(institution: SandboxInstitution, product: Products) {
  if (!institution.products.includes(product)) throw new SandboxPlaidError("PRODUCTS_NOT_SUPPORTED", `[${product}]`);
}

/** The item's accounts narrowed to `account_ids`; an id the item does not hold is INVALID_ACCOUNT_ID. */
function selectAccounts<T extends { base: { account_id: string } }>(accounts: T[], accountIds: string[] | undefined): T[] {
  if (!accountIds || accountIds.length === 0) return accounts;
  const unknown = accountIds.filter((id) => !accounts.some((a) => a.base.account_id === id));
  if (unknown.length > 0) throw new SandboxPlaidError("INVALID_ACCOUNT_ID");
  return accounts.filter((a) => accountIds.includes(a.base.account_id));
}

export const linkTokenCreate = plaidEndpoint<LinkTokenCreateRequest, LinkTokenCreateResponse>()({
  fields: {
    ...CREDENTIAL_FIELDS,
    client_name: true, language: true, country_codes: true, user: true, user_id: true, products: true,
    required_if_supported_products: true, optional_products: true, additional_consented_products: true,
    webhook: true, access_token: true, access_tokens: true, link_customization_name: true, appearance_mode: true,
    redirect_uri: true, android_package_name: true, institution_data: true, card_switch: true, account_filters: true,
    eu_config: true, institution_id: true, payment_configuration: true, payment_initiation: true, employment: true,
    income_verification: true, base_report: true, credit_partner_insights: true, cra_options: true,
    consumer_report_permissible_purpose: true, auth: true, transfer: true, update: true, identity_verification: true,
    statements: true, third_party_user_token: true, investments: true, investments_auth: true, hosted_link: true,
    transactions: true, cashflow_report: true, cra_enabled: true, identity: true, financekit_supported: true,
    enable_multi_item_link: true, user_token: true,
  },
  schema: z.object({
    client_name: z.string().min(1).max(30, "must be at most 30 characters"),
    language: z.enum(LANGUAGES),
    country_codes: z.array(z.enum(CountryCode)).min(1),
    user: z.object({ client_user_id: z.string().min(1) }),
    products: productList,
    required_if_supported_products: productList,
    optional_products: productList,
    additional_consented_products: productList,
    redirect_uri: z.url().optional(),
    webhook: z.url().optional(),
  }),
  async handle(input, { db, now }) {
    if (!input.products || input.products.length === 0) throw new SandboxPlaidError("INVALID_FIELD", "products must contain at least one product");
    refuseUnsupportedProducts(input.products, input.required_if_supported_products, input.optional_products, input.additional_consented_products);
    await deleteStaleSandboxRows(db, now);
    const linkToken = newToken("link");
    const expiresAt = new Date(now.getTime() + LINK_TOKEN_TTL_MS);
    await db.sandboxLinkToken.create({
      data: { token: tokenHash(linkToken), clientUserId: input.user.client_user_id, clientName: input.client_name, expiresAt },
    });
    return { link_token: linkToken, expiration: plaidTimestamp(expiresAt) };
  },
});

export const itemPublicTokenExchange = plaidEndpoint<ItemPublicTokenExchangeRequest, ItemPublicTokenExchangeResponse>()({
  fields: { ...CREDENTIAL_FIELDS, public_token: true },
  schema: z.object({ public_token: z.string() }),
  async handle(input, { db, now }) {
    const { itemId, accessToken } = await exchangePublicToken(db, input.public_token, now);
    return { access_token: accessToken, item_id: itemId };
  },
});

export const authGet = plaidEndpoint<AuthGetRequest, AuthGetResponse>()({
  fields: { ...CREDENTIAL_FIELDS, access_token: true, options: true },
  schema: z.object({ access_token: z.string(), options: accountIdsOption }),
  async handle(input, { db }) {
    const { item, institution } = await itemForAccessToken(db, input.access_token);
    requireProduct(institution, Products.Auth);
    const accounts = selectAccounts(itemAccounts(item.id, institution), input.options?.account_ids);
    return {
      accounts: accounts.map((a) => a.base),
      numbers: { ach: accounts.map((a) => a.ach), eft: [], international: [], bacs: [] },
      item: itemObject(item, institution),
    };
  },
});

export const identityMatch = plaidEndpoint<IdentityMatchRequest, IdentityMatchResponse>()({
  fields: { ...CREDENTIAL_FIELDS, access_token: true, user: true, options: true },
  schema: z.object({
    access_token: z.string(),
    user: z
      .object({
        legal_name: z.string().nullish(),
        email_address: z.string().nullish(),
        phone_number: z.string().nullish(),
        address: z.object({}).loose().nullish(),
      })
      .optional(),
    options: accountIdsOption,
  }),
  async handle(input, { db }) {
    const { item, institution } = await itemForAccessToken(db, input.access_token);
    requireProduct(institution, Products.Identity);
    const legalName = input.user?.legal_name;
    const email = input.user?.email_address;
    const name = legalName ? bestLegalNameMatch(legalName, SANDBOX_OWNER.names) : null;
    const accounts: AccountIdentityMatchScore[] = selectAccounts(itemAccounts(item.id, institution), input.options?.account_ids).map(({ base: { verification_status: _, ...base } }) => ({
      ...base,
      legal_name: {
        score: name ? name.score : null,
        is_first_name_or_last_name_match: name ? name.firstOrLastNameMatch : null,
        is_nickname_match: name ? false : null,
        is_business_name_detected: name ? false : null,
      },
      phone_number: { score: null },
      email_address: { score: email ? scoreEmail(email, SANDBOX_OWNER.emails) : null },
      address: { score: null, is_postal_code_match: null },
    }));
    return { accounts, item: itemObject(item, institution) };
  },
});

export const itemGet = plaidEndpoint<ItemGetRequest, ItemGetResponse>()({
  fields: { ...CREDENTIAL_FIELDS, access_token: true },
  schema: z.object({ access_token: z.string() }),
  async handle(input, { db }) {
    const { item, institution } = await itemForAccessToken(db, input.access_token);
    return {
      item: { ...itemObject(item, institution), update_type: ItemWithConsentFieldsUpdateTypeEnum.Background, created_at: plaidTimestamp(item.createdAt) },
      status: null,
    };
  },
});

export const itemRemove = plaidEndpoint<ItemRemoveRequest, ItemRemoveResponse>()({
  fields: { ...CREDENTIAL_FIELDS, access_token: true, reason_code: true, reason_note: true },
  schema: z.object({ access_token: z.string(), reason_code: z.enum(ItemRemoveReasonCode).nullish(), reason_note: z.string().max(512).nullish() }),
  async handle(input, { db, now }) {
    const { item } = await itemForAccessToken(db, input.access_token);
    await removeItem(db, item, now);
    return {};
  },
});

export const sandboxPublicTokenCreate = plaidEndpoint<SandboxPublicTokenCreateRequest, SandboxPublicTokenCreateResponse>()({
  fields: { ...CREDENTIAL_FIELDS, institution_id: true, initial_products: true, options: true, user_token: true, user_id: true },
  schema: z.object({
    institution_id: z.string(),
    initial_products: z.array(z.enum(Products)).min(1),
    options: z
      .object({ webhook: z.url().optional(), override_username: z.string().nullish(), override_password: z.string().nullish() })
      .optional(),
  }),
  async handle(input, { db, now }) {
    const institution = findInstitution(input.institution_id);
    if (!institution) throw new SandboxPlaidError("INVALID_INSTITUTION");
    refuseUnsupportedProducts(input.initial_products);
    for (const product of input.initial_products) requireProduct(institution, product);
    checkSandboxLogin(input.options?.override_username ?? SANDBOX_USERNAME, input.options?.override_password ?? SANDBOX_PASSWORD);
    const { publicToken } = await createItem(db, institution, now);
    return { public_token: publicToken };
  },
});

export const institutionsGetById = plaidEndpoint<InstitutionsGetByIdRequest, InstitutionsGetByIdResponse>()({
  fields: { ...CREDENTIAL_FIELDS, institution_id: true, country_codes: true, options: true },
  schema: z.object({
    institution_id: z.string(),
    country_codes: z.array(z.enum(CountryCode)).min(1),
    options: z.object({}).loose().optional(),
  }),
  async handle(input) {
    const institution = findInstitution(input.institution_id);
    if (!institution || !input.country_codes.includes(CountryCode.Us)) throw new SandboxPlaidError("INVALID_INSTITUTION");
    return { institution: institutionObject(institution) };
  },
});
