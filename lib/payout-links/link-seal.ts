import "server-only";
import { sealDataField } from "../http/seal-data-field";
import { claimUrl } from "./serialize-payout-link";

/**
 * Generate and cancel answer with the link's claim token (and the URL that carries it). Whoever
 * holds a pending link's token can claim its money, which is why payout_links keeps only its hash
 * and ciphertext; the idempotency record of such a response keeps `data.token_ciphertext` instead,
 * and a replay rebuilds the token and the URL.
 */
export const payoutLinkSeal = sealDataField("token", (token) => ({ url: claimUrl(token) }));
