"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ callbackUrl: "/sign-in" });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
