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
    ];
  },
};

export default nextConfig;
