import styles from "../links/links.module.css";

export type Bar = { label: string; value: number };

/**
 * A server-rendered SVG bar chart: no client JavaScript. The SVG is decorative for assistive
 * technology (aria-hidden); the same figures are in a table beside it (visually hidden, or shown
 * by a <details>), so screen-reader users get the numbers, not a picture of them.
 */
export function BarChart({ title, bars, format, color = "#4f46e5" }: { title: string; bars: Bar[]; format: (v: number) => string; color?: string }) {
  const width = 600;
  const height = 160;
  const highest = Math.max(0, ...bars.map((b) => b.value));
  const max = Math.max(1, highest);
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.7);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="visually-hidden">{title}</figcaption>
      <svg className={styles.chart} viewBox={`0 0 ${width} ${height + 20}`} aria-hidden="true" focusable="false">
        <line x1="0" y1={height} x2={width} y2={height} stroke="#cbd5e1" />
        {bars.map((b, i) => {
          const h = (b.value / max) * (height - 10);
          return <rect key={b.label} x={i * slot + (slot - barWidth) / 2} y={height - h} width={barWidth} height={h} fill={color} rx="2" />;
        })}
        <text x="0" y={height + 16} fontSize="12" fill="#475569">
          {bars[0]?.label}
        </text>
        <text x={width} y={height + 16} fontSize="12" fill="#475569" textAnchor="end">
          {bars[bars.length - 1]?.label}
        </text>
        <text x="0" y="12" fontSize="12" fill="#475569">
          {highest > 0 ? `max ${format(highest)}` : "none yet"}
        </text>
      </svg>
      <details>
        <summary>{title}: the figures</summary>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" className={styles.num}>
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td className={styles.num}>{format(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
