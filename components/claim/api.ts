// The claim page's two calls to our own server. Same-origin fetches: the browser sends Origin,
// which the claim endpoints require.

export type ApiFailure = {
  ok: false;
  status: number;
  code: string;
  message: string;
  param?: string;
  retryAfterSeconds: number | null;
};

export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

const NETWORK_FAILURE: ApiFailure = {
  ok: false,
  status: 0,
  code: "network_error",
  message: "We couldn't reach the server. Check your connection and try again.",
  retryAfterSeconds: null,
};

async function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return NETWORK_FAILURE;
  }
  const json = (await res.json().catch(() => null)) as { data?: T; error?: { code?: string; message?: string; param?: string } } | null;
  if (res.ok && json && "data" in json) return { ok: true, data: json.data as T };
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    status: res.status,
    code: json?.error?.code ?? "unexpected_response",
    message: json?.error?.message ?? "Something went wrong on our side. Try again in a moment.",
    param: json?.error?.param,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  };
}

export type LinkTokenData = { link_token: string; expiration: string; mode: string };

export function createLinkToken(token: string) {
  return postJson<LinkTokenData>(`/api/claim/${encodeURIComponent(token)}/link-token`, {});
}

export type SubmitClaimData = {
  object: "claim";
  status: string;
  amount: number;
  currency: string;
  claimed_at: string;
  bank: { institution_name: string; mask: string };
};

export function submitClaim(token: string, input: { name: string; email: string; public_token: string; account_id: string }) {
  return postJson<SubmitClaimData>(`/treasury/payout-link/${encodeURIComponent(token)}/submit`, input);
}

export function waitMessage(failure: ApiFailure): string {
  const seconds = failure.retryAfterSeconds;
  return seconds
    ? `Too many attempts. Please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`
    : "Too many attempts. Please wait a minute and try again.";
}
