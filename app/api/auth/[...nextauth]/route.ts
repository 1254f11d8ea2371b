import NextAuth from "next-auth";
import { authOptions } from "@/lib/operators/auth-options";

// next-auth's endpoints (csrf, session, callback/credentials, callback/<oauth>, signout).
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: Context): Promise<Response> {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
