import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { configFields } from "../../src/config/config.ts";

/** deploy/ is written for users; no Docker engine or cluster here: these checks are static. */
const DEPLOY = path.resolve(import.meta.dirname, "../../deploy");
const read = (file: string) => readFile(path.join(DEPLOY, file), "utf8");

describe("deployment files", () => {
  it("the Dockerfile passes dockerfile-utils' validation: multi-stage, non-root, health check, the bot's start", async () => {
    const dockerfile = await read("Dockerfile");
    expect(validate(dockerfile).map((d) => d.message)).toEqual([]);
    expect(dockerfile.match(/^FROM node:24-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/healthz/ms);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toContain('CMD ["node", "bin/ctg-bot.js", "start"]');
    // Everything it copies exists.
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of (match[1] ?? "").split(" "))
        expect(existsSync(path.resolve(DEPLOY, "..", source))).toBe(true);
    }
  });

  it("the compose file's references hold: volumes declared, dependencies defined, env file example present, variables known", async () => {
    const compose = parse(await read("compose.yaml")) as {
      services: Record<
        string,
        {
          volumes?: string[];
          depends_on?: Record<string, unknown>;
          env_file?: string;
          environment?: Record<string, string>;
          build?: { context: string; dockerfile: string };
        }
      >;
      volumes: Record<string, unknown>;
    };
    const names = Object.keys(compose.services);
    expect(names).toEqual(expect.arrayContaining(["bot", "postgres", "nextcloud", "synapse"]));
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0] ?? "";
        if (!source.startsWith(".") && !source.startsWith("/"))
          expect(Object.keys(compose.volumes)).toContain(source);
      }
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(names).toContain(dependency);
    }
    const bot = compose.services.bot;
    expect(bot?.env_file).toBe(".env");
    expect(existsSync(path.join(DEPLOY, "compose.env.example"))).toBe(true);
    expect(existsSync(path.resolve(DEPLOY, bot?.build?.context ?? "", bot?.build?.dockerfile ?? ""))).toBe(
      true,
    );
    const example = await read("compose.env.example");
    const known = new Set([...Object.keys(configFields), "POSTGRES_PASSWORD", "NEXTCLOUD_ADMIN_PASSWORD"]);
    for (const line of example.split("\n").filter((l) => /^[A-Z_]+=/.test(l))) {
      expect(known.has(line.split("=")[0] ?? "")).toBe(true);
    }
    for (const key of Object.keys(bot?.environment ?? {})) expect(known.has(key)).toBe(true);
  });

  it("Kubernetes: two replicas probed on /readyz and /healthz at the OPS_PORT of the ConfigMap, settings all known", async () => {
    const docs = parseAllDocuments(await read("kubernetes/deployment.yaml")).map((d) => d.toJS());
    expect(docs.every((d) => d !== null)).toBe(true);
    const deployment = docs.find((d) => d.kind === "Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    const ports = Object.fromEntries(
      container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
    );
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "ops" });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "ops" });
    const configMap = parse(await read("kubernetes/configmap.yaml"));
    const secret = parse(await read("kubernetes/secret.yaml"));
    expect(ports.ops).toBe(Number(configMap.data.OPS_PORT));
    expect(ports.slack).toBe(Number(configMap.data.SLACK_PORT));
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
    for (const key of [...Object.keys(configMap.data), ...Object.keys(secret.stringData)])
      expect(Object.keys(configFields)).toContain(key);
    const service = docs.find((d) => d.kind === "Service");
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    // DATA_DIR (the filing spool) is one volume every replica mounts.
    const claims = docs.filter((d) => d.kind === "PersistentVolumeClaim");
    const data = deployment.spec.template.spec.volumes.find(
      (v: { name: string }) => v.name === container.volumeMounts[0].name,
    );
    const claim = claims.find((c) => c.metadata.name === data.persistentVolumeClaim?.claimName);
    expect(claim?.spec.accessModes).toEqual(["ReadWriteMany"]);
  });

  it("the systemd unit starts the bot as its own user and gives it time to stop", async () => {
    const unit = await read("systemd/ctg-bot.service");
    const sections = [...unit.matchAll(/^\[(\w+)\]$/gm)].map((m) => m[1]);
    expect(sections).toEqual(["Unit", "Service", "Install"]);
    expect(unit).toMatch(/^ExecStart=\S+node bin\/ctg-bot\.js start$/m);
    expect(unit).toMatch(/^User=ctg-bot$/m);
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1])).toBeGreaterThan(20);
  });
});
