import { defineConfig } from "prisma/config";

// The Prisma CLI is used only for `prisma generate`; migrations are applied by lib/db/migrate.ts,
// which needs no downloaded engine (see README "Migrations").
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
