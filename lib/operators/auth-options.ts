import "server-only";
import type { AuthOptions, Profile } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { config } from "../config";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { authSecret, ensureNextAuthUrl } from "./auth-secret";
import { normalizeEmail } from "./email-address";
import { verifyCredentials } from "./verify-credentials";

/** Error strings the sign-in form understands (next-auth passes them through as `?error=`). */
export const SIGN_IN_ERRORS = {
  rateLimited: "RateLimited", // "RateLimited:<seconds>"
  notMember: "NotMember",
} as const;

function headerValue(headers: unknown, name: string): string | undefined {
  const value = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return Array.isArray(value) ? value[0] : value;
}

function providers(): Provider[] {
  const cfg = config();
  const list: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const ip = headerValue(req.headers, "x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
        try {
          const user = await verifyCredentials(await db(), { email: String(credentials?.email ?? ""), password: String(credentials?.password ?? ""), ip });
          if (!user) return null;
          const member = await (await db()).membership.count({ where: { userId: user.id } });
          if (!member) throw new Error(SIGN_IN_ERRORS.notMember);
          return user;
        } catch (err) {
          if (err instanceof AppError && err.code === "rate_limited") throw new Error(`${SIGN_IN_ERRORS.rateLimited}:${err.retryAfterSeconds ?? 60}`);
          throw err;
        }
      },
    }),
  ];
  // OAuth only signs in people who are already members (invited, or created by an admin), and only
  // by an email address the provider says is verified: no sign-up through a provider.
  if (cfg.GITHUB_CLIENT_ID && cfg.GITHUB_CLIENT_SECRET) {
    list.push(GitHubProvider({ clientId: cfg.GITHUB_CLIENT_ID, clientSecret: cfg.GITHUB_CLIENT_SECRET }));
  }
  if (cfg.GOOGLE_CLIENT_ID && cfg.GOOGLE_CLIENT_SECRET) {
    list.push(GoogleProvider({ clientId: cfg.GOOGLE_CLIENT_ID, clientSecret: cfg.GOOGLE_CLIENT_SECRET }));
  }
  return list;
}

export function oauthProviderIds(): { id: string; name: string }[] {
  const cfg = config();
  return [
    ...(cfg.GITHUB_CLIENT_ID && cfg.GITHUB_CLIENT_SECRET ? [{ id: "github", name: "GitHub" }] : []),
    ...(cfg.GOOGLE_CLIENT_ID && cfg.GOOGLE_CLIENT_SECRET ? [{ id: "google", name: "Google" }] : []),
  ];
}

/** Whether the provider vouches that `email` belongs to the person signing in. */
async function verifiedEmail(provider: string, email: string, profile: Profile | undefined, accessToken: string | undefined): Promise<boolean> {
  if (provider === "google") return (profile as { email_verified?: boolean } | undefined)?.email_verified === true;
  if (provider === "github" && accessToken) {
    const res = await fetch("https://api.github.com/user/emails", {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "payout-links" },
    });
    if (!res.ok) return false;
    const emails = (await res.json()) as { email: string; verified: boolean }[];
    return emails.some((e) => e.verified && normalizeEmail(e.email) === email);
  }
  return false;
}

let cached: AuthOptions | undefined;

export function authOptions(): AuthOptions {
  if (cached) return cached;
  ensureNextAuthUrl();
  const maxAge = config().SESSION_MAX_AGE_SECONDS;
  cached = {
    secret: authSecret(),
    providers: providers(),
    session: { strategy: "jwt", maxAge },
    jwt: { maxAge },
    // The sign-in page shows next-auth's errors itself.
    pages: { signIn: "/sign-in", error: "/sign-in" },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || account.type === "credentials") return true;
        const email = user.email ? normalizeEmail(user.email) : "";
        if (!email || !(await verifiedEmail(account.provider, email, profile, account.access_token))) return `/sign-in?error=${SIGN_IN_ERRORS.notMember}`;
        const existing = await (await db()).user.findUnique({ where: { email }, select: { id: true, _count: { select: { memberships: true } } } });
        if (!existing?._count.memberships) return `/sign-in?error=${SIGN_IN_ERRORS.notMember}`;
        await (await db()).user.update({ where: { id: existing.id }, data: { lastSignInAt: new Date() } });
        return true;
      },
      async jwt({ token, user, account, trigger, session }) {
        const prisma = await db();
        if (user && account) {
          // OAuth users are ours by (verified) email; the provider's own id means nothing here.
          const ours =
            account.type === "credentials" ? { id: user.id } : await prisma.user.findUnique({ where: { email: normalizeEmail(user.email ?? "") }, select: { id: true } });
          if (!ours) return token;
          const first = await prisma.membership.findFirst({ where: { userId: ours.id }, orderBy: { createdAt: "asc" }, select: { organizationId: true } });
          token.userId = ours.id;
          token.organizationId = first?.organizationId ?? null;
          token.signedInAt = Date.now();
          delete token.picture;
        }
        // The organisation switcher: only to an organisation the user belongs to, checked now.
        const wanted = (session as { organizationId?: unknown } | undefined)?.organizationId;
        if (trigger === "update" && typeof wanted === "string" && typeof token.userId === "string") {
          const member = await prisma.membership.findUnique({ where: { organizationId_userId: { organizationId: wanted, userId: token.userId } } });
          if (member) token.organizationId = wanted;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token?.userId, organizationId: token?.organizationId };
      },
    },
  };
  return cached;
}
