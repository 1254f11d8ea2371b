// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so they never disturb a running `npm start`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Loaded from node_modules at run time: they ship WebAssembly and native-style file layouts that
  // must not be bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "pg",
  ],
  poweredByHeader: false,
  // Type errors are caught by `npm test` (tsc --noEmit over the whole project, tests included);
  // the build does not repeat that work.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      // The public claim page and its endpoints: the URL carries the claim token, so it must not
      // leak through Referer, caches or search engines, and the page must not be framed. (Later
      // rules override earlier ones for the same header. The page's CSP, with its per-request
      // nonce, is set in proxy.ts.)
      ...["/claim/:path*", "/api/claim/:path*"].map((source) => ({
        source,
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Cache-Control", value: "no-store" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      })),
      {
        source: "/api/claim/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
