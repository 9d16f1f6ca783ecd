/**
 * GitHub App authentication as GitHub does it: an RS256 JWT signed with the app's private key
 * (checked against REAL time: Probot signs with the wall clock) for `/app…` endpoints, and
 * `ghs_` installation tokens for the rest.
 */
import { verify } from "node:crypto";
import type { World } from "../world/world.js";
import type { InstallationToken } from "../world/records.js";
import { ApiError, unauthorized } from "../world/api-error.js";

export type AuthContext = { kind: "none" } | { kind: "app" } | { kind: "installation"; token: InstallationToken };

/** Reads the Authorization header; throws 401 for credentials that are present but bad. */
export function authenticate(world: World, header: string | undefined): AuthContext {
  if (!header) return { kind: "none" };
  const match = /^(bearer|token)\s+(.+)$/i.exec(header.trim());
  if (!match) throw unauthorized("Bad credentials");
  const credential = match[2].trim();
  if (credential.split(".").length === 3) {
    verifyAppJwt(world, credential);
    return { kind: "app" };
  }
  const token = world.tokens.get(credential);
  if (!token || token.expiresAt.getTime() <= Date.now()) throw unauthorized("Bad credentials");
  return { kind: "installation", token };
}

/** Throws GitHub's 401 unless the app authenticated with a valid JWT. */
export function requireApp(auth: AuthContext): void {
  if (auth.kind === "app") return;
  if (auth.kind === "none") throw unauthorized("A JSON web token could not be decoded");
  throw unauthorized("A JSON web token could not be decoded");
}

/** Throws GitHub's 401 unless an installation token was sent. */
export function requireInstallation(auth: AuthContext): InstallationToken {
  if (auth.kind === "installation") return auth.token;
  if (auth.kind === "none") throw unauthorized("Requires authentication");
  throw new ApiError(403, { message: "Resource not accessible by integration" });
}

function verifyAppJwt(world: World, jwt: string): void {
  const [h, p, s] = jwt.split(".");
  let header: { alg?: string };
  let payload: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  } catch {
    throw unauthorized("A JSON web token could not be decoded");
  }
  if (header.alg !== "RS256") throw unauthorized("A JSON web token could not be decoded");
  const valid = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), world.app.publicKey, Buffer.from(s, "base64url"));
  if (!valid) throw unauthorized("A JSON web token could not be decoded");
  const app = world.app;
  if (String(payload.iss) !== String(app.id) && payload.iss !== app.clientId) {
    throw unauthorized(`'Issuer' claim ('iss') must be an Integer`);
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = Number(payload.exp);
  const iat = Number(payload.iat);
  if (!Number.isFinite(exp) || exp <= now) {
    throw unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  }
  if (!Number.isFinite(iat) || iat > now + 60) throw unauthorized("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  if (exp - iat > 660) throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
}

/** Signs an app JWT (for tests and tools that talk to the sandbox without Probot). */
export async function signAppJwt(world: World, opts: { now?: number } = {}): Promise<string> {
  const { createSign } = await import("node:crypto");
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const data = `${enc({ alg: "RS256", typ: "JWT" })}.${enc({ iat: now - 30, exp: now + 540, iss: world.app.id })}`;
  const signature = createSign("RSA-SHA256").update(data).sign(world.app.privateKey).toString("base64url");
  return `${data}.${signature}`;
}
