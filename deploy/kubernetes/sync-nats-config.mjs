// Copies deploy/nats-server.conf into the ConfigMap of nats.yaml (the manifest must carry it verbatim; the cluster
// tests check that it does). Run after editing the config:  node deploy/kubernetes/sync-nats-config.mjs
import { readFileSync, writeFileSync } from "node:fs";

const here = new URL(".", import.meta.url);
const conf = readFileSync(new URL("../nats-server.conf", here), "utf8").trimEnd();
const file = new URL("nats.yaml", here);
const yaml = readFileSync(file, "utf8");
const start = yaml.indexOf("  nats-server.conf: |\n");
const end = yaml.indexOf("\n---\n", start);
if (start < 0 || end < 0) throw new Error("nats.yaml: the ConfigMap key nats-server.conf must be followed by ---");
const block = conf.split("\n").map((l) => (l === "" ? "" : `    ${l}`)).join("\n");
writeFileSync(file, `${yaml.slice(0, start)}  nats-server.conf: |\n${block}${yaml.slice(end)}`);
