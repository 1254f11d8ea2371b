"use client";
// A time in the operator's own zone, with the exact UTC instant on hover (and in the <time>
// element's datetime). The server does not know the browser's zone, so the first render (server
// and hydration) says UTC and the browser then switches to local time: no hydration mismatch.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const utc = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function LocalTime({ iso, fallback = "—" }: { iso: string | null; fallback?: string }) {
  const local = useSyncExternalStore(
    subscribe,
    () => (iso ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZoneName: "short" }).format(new Date(iso)) : ""),
    () => (iso ? `${utc.format(new Date(iso))} UTC` : ""),
  );
  if (!iso) return <>{fallback}</>;
  const exact = `${iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "")} UTC`;
  return (
    <time dateTime={iso} title={exact}>
      {local}
    </time>
  );
}
