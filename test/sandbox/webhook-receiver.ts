/** A stand-in for the bot's webhook endpoint for sandbox tests: records each delivery with when it arrived and was answered. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Real time (ms) the delivery arrived and was answered. */
  arrivedAt: number;
  answeredAt?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** `onDelivery` answers (status) and may call the sandbox back, like a handler. */
export async function receiver(onDelivery: (r: Received) => Promise<number> = async () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r: Received = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), arrivedAt: Date.now() };
      received.push(r);
      const status = await onDelivery(r);
      r.answeredAt = Date.now();
      if (!res.destroyed) res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
