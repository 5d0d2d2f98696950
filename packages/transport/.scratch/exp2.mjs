import { connect, createInbox, headers } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, AckPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
const nc = await connect({ servers: process.argv[2] });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
const S = "U_WORK", C = "U_AGENTS";
try { await jsm.streams.delete(S); } catch {}
await jsm.streams.add({ name: S, subjects: ["u.work", "u.chunk.>"], retention: RetentionPolicy.Workqueue, storage: StorageType.File });
await jsm.consumers.add(S, { durable_name: C, ack_policy: AckPolicy.Explicit, ack_wait: 5000e6, max_deliver: 2, max_ack_pending: 2, filter_subject: "u.work" });
async function pull(max, expiresMs) {
  const inbox = createInbox(); const sub = nc.subscribe(inbox); const out = []; const t0 = Date.now();
  const timer = setTimeout(() => sub.unsubscribe(), expiresMs + 1000);
  nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${S}.${C}`, JSON.stringify({ batch: max, expires: expiresMs * 1e6, no_wait: true }), { reply: inbox });
  for await (const m of sub) {
    if (m.headers && m.headers.code > 0 && m.data.length === 0) { console.log("  status", m.headers.code, m.headers.description, Date.now() - t0, "ms"); break; }
    out.push(m); if (out.length >= max) break;
  }
  clearTimeout(timer); sub.unsubscribe(); console.log("  pulled", out.length, "in", Date.now() - t0, "ms"); return out;
}
for (let i = 0; i < 5; i++) await js.publish("u.work", "x" + i);
let ms = await pull(5, 1000);
console.log("second pull while maxackpending reached");
let ms2 = await pull(5, 1000);
ms[0].respond("+ACK");
ms2 = await pull(5, 1000);
// consumer update
try { await jsm.consumers.update(S, C, { ack_wait: 3000e6, max_deliver: 4, max_ack_pending: 10 }); const ci = await jsm.consumers.info(S, C); console.log("updated", ci.config.ack_wait, ci.config.max_deliver, ci.config.max_ack_pending); } catch (e) { console.log("update failed", e.message); }
// chunk + purge filter
for (let i = 0; i < 3; i++) await js.publish(`u.chunk.abc.${i}`, "c" + i);
await js.publish(`u.chunk.def.0`, "d");
const g = await jsm.streams.getMessage(S, { last_by_subj: "u.chunk.abc.1" }); console.log("get last_by_subj", g.string());
const pr = await jsm.streams.purge(S, { filter: "u.chunk.abc.>" }); console.log("purged", pr);
try { await jsm.streams.getMessage(S, { last_by_subj: "u.chunk.abc.1" }); } catch (e) { console.log("after purge get:", e.constructor.name, e.message, e.code); }
const kvm = new Kvm(nc);
try {
  const kv = await kvm.create("U_presence", { ttl: 700, history: 1 });
  await kv.put("a", "1"); console.log("kv get", (await kv.get("a"))?.string());
  await new Promise(r => setTimeout(r, 1500)); console.log("kv after ttl", await kv.get("a"));
  const kv2 = await kvm.create("U_presence", { ttl: 700, history: 1 }); console.log("recreate ok");
  try { await kvm.create("U_presence", { ttl: 5000, history: 1 }); console.log("recreate diff ttl ok?"); } catch (e) { console.log("recreate diff", e.message); }
  await kv.create("k", "v"); try { await kv.create("k", "v"); } catch (e) { console.log("create conflict", e.constructor.name, e.message, e.code); }
  try { await kv.update("k", "v", 999); } catch (e) { console.log("update conflict", e.constructor.name, e.message, e.code); }
  await kv.delete("k"); console.log("after delete", await kv.get("k"));
  const r = await kv.create("k", "v2"); console.log("create after delete ok", r);
  const it = await kv.keys(); const ks = []; for await (const k of it) ks.push(k); console.log("keys", ks);
  const si = await jsm.streams.info("KV_U_presence"); console.log(si.config.max_age, si.config.allow_direct, si.config.discard);
  await kv.destroy();
} catch (e) { console.log("kv error", e); }
console.log("nc.info.max_payload", nc.info.max_payload, "headers", nc.info.headers);
await nc.close();
