"use client";

import { useState } from "react";

type Props = { current: string; organizations: { organizationId: string; name: string }[]; className?: string };

/**
 * Changes the organisation kept in the session cookie. next-auth's session update endpoint runs
 * our jwt callback, which accepts only an organisation the user is a member of (checked there).
 */
export function OrganizationSwitcher({ current, organizations, className }: Props) {
  const [pending, setPending] = useState(false);
  async function switchTo(organizationId: string) {
    setPending(true);
    const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
    await fetch("/api/auth/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { organizationId } }),
    });
    window.location.assign("/dashboard");
  }
  return (
    <label className={className}>
      <span className="visually-hidden">Organisation</span>
      <select value={current} disabled={pending} onChange={(e) => switchTo(e.target.value)}>
        {organizations.map((o) => (
          <option key={o.organizationId} value={o.organizationId}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
