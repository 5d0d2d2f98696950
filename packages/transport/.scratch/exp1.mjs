import { connect, createInbox, headers } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, AckPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
function toJsMsg(m){const t=m.reply.split(".");return {m, seq:+t[5], info:{deliveryCount:+t[4]}, headers:m.headers, string:()=>new TextDecoder().decode(m.data), ack(){m.respond("+ACK")}, term(){m.respond("+TERM")}};}
const nc = await connect({ servers: process.argv[2] });
console.log("max_payload", nc.info.max_payload, nc.info.version);
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
const S = "T_WORK", C = "T_AGENTS";
try { await jsm.streams.delete(S); } catch {}
try { await jsm.streams.delete("T_EV"); } catch {}
await jsm.streams.add({ name: S, subjects: ["t.work"], retention: RetentionPolicy.Workqueue, storage: StorageType.File, duplicate_window: 120e9 });
await jsm.streams.add({ name: "T_EV", subjects: ["t.failed", `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${S}.${C}`, `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${S}.${C}`] });
await jsm.consumers.add(S, { durable_name: C, ack_policy: AckPolicy.Explicit, ack_wait: 500e6, max_deliver: 2, max_ack_pending: 100 });
async function pull(max, expiresMs) {
  const inbox = createInbox();
  const sub = nc.subscribe(inbox);
  const out = [];
  const t0 = Date.now();
  const timer = setTimeout(() => sub.unsubscribe(), expiresMs + 1000);
  nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${S}.${C}`, JSON.stringify({ batch: max, expires: expiresMs * 1e6, no_wait: true }), { reply: inbox });
  for await (const m of sub) {
    if (m.headers && m.headers.code > 0 && m.data.length === 0) { console.log("  status", m.headers.code, m.headers.description, Date.now() - t0, "ms"); break; }
    out.push(toJsMsg(m));
    if (out.length >= max) break;
  }
  clearTimeout(timer); sub.unsubscribe();
  console.log("  pulled", out.length, "in", Date.now() - t0, "ms");
  return out;
}
console.log("empty pull");
await pull(5, 1500);
for (let i = 0; i < 3; i++) { const h = headers(); h.set("Nats-Msg-Id", "m" + i); const a = await js.publish("t.work", "x" + i, { headers: h }); console.log("pub", a.seq, a.duplicate); }
{ const h = headers(); h.set("Nats-Msg-Id", "m1"); const a = await js.publish("t.work", "dup", { headers: h }); console.log("pub dup", a.seq, a.duplicate); }
console.log("pull 5 of 3");
let ms = await pull(5, 1500);
console.log(ms.map(m => [m.seq, m.info.deliveryCount, m.headers?.get("Nats-Msg-Id"), m.string()]));
ms[0].ack(); ms[1].term("bad thing");
// leave ms[2] unacked
await new Promise(r => setTimeout(r, 100));
let si = await jsm.streams.info(S); console.log("stream msgs after ack+term", si.state.messages);
console.log("pull while waiting for redelivery");
ms = await pull(5, 3000);
console.log(ms.map(m => [m.seq, m.info.deliveryCount]));
console.log("pull again -> exceeded");
ms = await pull(5, 2000);
si = await jsm.streams.info(S); console.log("stream msgs", si.state.messages, si.state.first_seq);
const ev = await jsm.streams.info("T_EV"); console.log("events", ev.state.messages);
for (let s = ev.state.first_seq; s <= ev.state.last_seq; s++) { const m = await jsm.streams.getMessage("T_EV", { seq: s }); console.log(m.subject, m.string()); }
const ci = await jsm.consumers.info(S, C); console.log("consumer", ci.num_pending, ci.num_ack_pending, ci.num_redelivered);
await nc.close();
