"use client";
import { useEffect, useState } from "react";

/**
 * A time in the viewer's own time zone, with the exact UTC time on hover (title) and in the
 * <time> element's datetime. The server renders UTC (it cannot know the zone); the browser swaps in
 * local time after hydration, so the markup matches and nothing flickers for UTC viewers.
 */
export function LocalTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  const [text, setText] = useState(dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);
  useEffect(() => {
    const format = new Intl.DateTimeFormat(undefined, dateOnly ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" });
    setText(format.format(new Date(iso)));
  }, [iso, dateOnly]);
  return (
    <time dateTime={iso} title={utc}>
      {text}
    </time>
  );
}
