import "server-only";
import { encrypt } from "../crypto/encryption";
import type { LinkedAccount } from "./types";

/**
 * The columns a linked bank account is stored with, on a claimant's payment method or an
 * organisation's funding source alike: what may be shown (bank, mask, routing number) in clear, the
 * account number and the Plaid access token only as AES-256-GCM ciphertext.
 */
export function storedAccountColumns(account: LinkedAccount) {
  return {
    institutionId: account.institutionId,
    institutionName: account.institutionName,
    accountName: account.accountName,
    accountSubtype: account.accountSubtype,
    mask: account.mask,
    routingNumber: account.routingNumber,
    accountNumberCiphertext: encrypt(account.accountNumber),
    plaidItemId: account.itemId,
    plaidAccountId: account.accountId,
    plaidAccessTokenCiphertext: encrypt(account.accessToken),
  };
}
