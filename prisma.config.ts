import path from "node:path";
import { defineConfig } from "prisma/config";

// The CLI must find a datasource URL or it falls back to downloading an engine.
process.env.DATABASE_URL ??= "postgresql://root@127.0.0.1:5432/ctg_bot";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
