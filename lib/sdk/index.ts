// The typed SDK for the Payout Links operator API. Safe to import in a browser or in Node >= 20.
//
//   import { createClient, PayoutLinksError } from "@/lib/sdk";
//   const client = createClient({ apiKey: process.env.PAYOUT_LINKS_API_KEY!, baseUrl: "https://payouts.example.com" });
//   const { data: link } = await client.generatePayoutLink({ amount: 25_000, currency: "USD", description: "Q3 referral bonus" });
//   for await (const l of client.listPayoutLinks.all({ status: "pending" })) console.log(l.id);
//   const { data: recipient } = await client.getRecipient(link.recipient_id!); // once the link is claimed
//   const { data: payout } = await client.getTransaction(link.transaction_id!); // its status, rail reference, …
export { createClient } from "./client";
export type {
  ChildListMethod,
  ClientOptions,
  CreateDepositParams,
  CreateWebhookEndpointParams,
  DataResponse,
  DepositList,
  Event,
  EventList,
  FundingSourceList,
  ListEventsParams,
  ListMethod,
  ListWebhookDeliveriesParams,
  ListWebhookEndpointsParams,
  ReplayWebhookEventsParams,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryWithAttempts,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
  WebhookReplay,
  GeneratePayoutLinkParams,
  ListPayoutLinks,
  ListPayoutLinksParams,
  ListDeposits,
  ListDepositsParams,
  ListFundingSourcesParams,
  ListRecipients,
  ListRecipientsParams,
  ListTransactions,
  ListTransactionsParams,
  MutationOptions,
  PayoutLinkList,
  PayoutLinksClient,
  RecipientList,
  RequestOptions,
  TransactionList,
} from "./client";
export { PayoutLinksError } from "./errors";
export type { PayoutLinksErrorCode, PayoutLinksErrorInit, SdkErrorCode } from "./errors";
export type { Balance, PayoutLink, PayoutLinkStatus } from "../payout-links/schemas";
export type { PaymentMethod, Recipient } from "../recipients/schemas";
export type { Transaction, TransactionKind, TransactionStatus } from "../transactions/schemas";
export type { Deposit, DepositStatus, FundingSource } from "../funding/schemas";
export type { ApiErrorBody, ErrorCode, ErrorType } from "../errors/codes";
