"use client";
// A time in the operator's own zone, with the exact UTC instant on hover (and in the <time>
// element's datetime). The server does not know the browser's zone, so the first render (server
// and hydration) says UTC and the browser then switches to local time: no hydration mismatch.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
// dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are spelled out.
const PARTS = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" } as const;
const utc = new Intl.DateTimeFormat("en-US", { ...PARTS, timeZone: "UTC" });
let local: Intl.DateTimeFormat | undefined;

export function LocalTime({ iso, fallback = "—" }: { iso: string | null; fallback?: string }) {
  const text = useSyncExternalStore(
    subscribe,
    () => (iso ? (local ??= new Intl.DateTimeFormat("en-US", { ...PARTS, timeZoneName: "short" })).format(new Date(iso)) : ""),
    () => (iso ? `${utc.format(new Date(iso))} UTC` : ""),
  );
  if (!iso) return <>{fallback}</>;
  const exact = `${iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "")} UTC`;
  return (
    <time dateTime={iso} title={exact}>
      {text}
    </time>
  );
}
