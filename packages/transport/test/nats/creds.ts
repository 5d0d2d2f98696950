/**
 * Test fixture: a NATS operator / account / user trio with signed JWTs (nats-io JWT v2 claims, ed25519-nkey
 * signatures), so a test can run a server in operator mode and connect with a real `.creds` file. Generated at
 * run time: nothing secret is committed.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { nkeys } from "@nats-io/transport-node";

type KeyPair = ReturnType<typeof nkeys.createOperator>;

const b64url = (b: Uint8Array | string): string => Buffer.from(b).toString("base64url");

/** RFC 4648 base32 without padding, as nats-io/jwt uses for `jti`. */
function base32(b: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function jwt(issuer: KeyPair, subject: string, name: string, nats: Record<string, unknown>): string {
  const claims: Record<string, unknown> = { iat: Math.floor(Date.now() / 1000), iss: issuer.getPublicKey(), name, sub: subject, nats: { ...nats, version: 2 } };
  claims.jti = base32(createHash("sha512-256").update(JSON.stringify(claims)).digest());
  const body = `${b64url(JSON.stringify({ typ: "JWT", alg: "ed25519-nkey" }))}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${b64url(issuer.sign(new TextEncoder().encode(body)))}`;
}

function credsText(userJwt: string, seed: Uint8Array): string {
  return [
    "-----BEGIN NATS USER JWT-----",
    userJwt,
    "------END NATS USER JWT------",
    "",
    "-----BEGIN USER NKEY SEED-----",
    new TextDecoder().decode(seed),
    "------END USER NKEY SEED------",
    "",
  ].join("\n");
}

/** Server config lines for operator mode with one JetStream-enabled account, and creds files for two users. */
export function makeOperatorSetup(credsPath: string, strangerCredsPath: string): string {
  const operator = nkeys.createOperator();
  const account = nkeys.createAccount();
  const user = nkeys.createUser();
  const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };
  const js = { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 };
  const operatorJwt = jwt(operator, operator.getPublicKey(), "test-operator", { type: "operator" });
  const accountJwt = jwt(operator, account.getPublicKey(), "scoresweep", { type: "account", limits: { ...unlimited, ...js } });
  // JetStream in operator mode needs a system account for its internal subscriptions.
  const system = nkeys.createAccount();
  const systemJwt = jwt(operator, system.getPublicKey(), "SYS", { type: "account", limits: unlimited });
  const userJwt = jwt(account, user.getPublicKey(), "agent", { type: "user", pub: {}, sub: {}, subs: -1, data: -1, payload: -1 });
  writeFileSync(credsPath, credsText(userJwt, user.getSeed()), { mode: 0o600 });
  // A user signed by an account the server does not know.
  const otherAccount = nkeys.createAccount();
  const stranger = nkeys.createUser();
  writeFileSync(strangerCredsPath, credsText(jwt(otherAccount, stranger.getPublicKey(), "stranger", { type: "user", subs: -1, data: -1, payload: -1 }), stranger.getSeed()), {
    mode: 0o600,
  });
  return [
    `operator: ${operatorJwt}`,
    `system_account: ${system.getPublicKey()}`,
    "resolver: MEMORY",
    "resolver_preload: {",
    `  ${account.getPublicKey()}: ${accountJwt}`,
    `  ${system.getPublicKey()}: ${systemJwt}`,
    "}",
  ].join("\n");
}
