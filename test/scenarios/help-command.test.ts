/**
 * `/help` and "did you mean" on the sandbox, through the real bot server: who gets an answer, what it says, and what
 * a reader, a forged marker, a ping, a closing keyword or another app cannot make of them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MARKER_LINE, outsideCode } from "../helpers/inert-text.js";
import { startWorld, type TestWorld } from "../helpers/sandbox-world.js";
import { worldViews } from "../helpers/world-views.js";
import { world } from "./fixtures.js";

let w: TestWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const BOT = "release-bot[bot]";
const { later } = worldViews(() => w!);
const comment = (body: string, user = "alice", repo = "acme/ops", issue = 1) => ({ comment: { repo, issue, user, body } });
const commentsOn = (repo = "acme/ops", issue = 1) => w!.sandbox.world.repo(repo).commentsOn(issue);
const replies = (repo = "acme/ops", issue = 1) => commentsOn(repo, issue).filter((c) => c.user === BOT);
const reactionsOn = (body: string) => commentsOn().find((c) => c.body === body)!.reactions.map((r) => r.content);
const requests = () => w!.transcript().api.requests;
const PERMISSION = "GET /repos/{owner}/{repo}/collaborators/{username}/permission";
const REPLY_WRITES = ["POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments"];

/** One reply that pings nobody, links no issue, shows no HTML and hides no marker but its own first line. */
function expectInert(text: string): void {
  const [marker, ...rest] = text.split("\n");
  expect(marker).toMatch(MARKER_LINE);
  expect(rest.join("\n")).not.toContain("<!--");
  const outside = outsideCode(rest.join("\n"));
  expect(outside).not.toMatch(/(?<!\w)@\w/);
  expect(outside).not.toMatch(/#\d/);
  expect(outside).not.toMatch(/\bfixes\b/i);
  expect(outside).not.toMatch(/<(?!br>)[a-z]/i);
}

describe("/help on the sandbox", () => {
  it("answers a writer with every command, its arguments, who may run it and the environments, with no permission read", async () => {
    w = await startWorld(world());
    w.takeWrites();
    await w.play(comment("/help"));
    const [reply] = replies();
    expect(reply.body).toMatch(/^<!-- release-bot:reply-to=\d+ -->\nrelease-bot commands in acme\/ops: /);
    for (const row of [
      "| `/release <env>` | Opens or updates the `release-<env>` PR with the newest versions for that environment. | writers |",
      "| `/release all` | The same for every environment, upstream first. | writers |",
      "| `/release <env> --force`<br>`/release all --force` | Releases during a freeze window. | admins and maintainers |",
      "| `/rollback <env>` |",
      "| `/status` |",
      "| `/help` | This list. | anyone who can comment |",
    ]) {
      expect(reply.body).toContain(row);
    }
    expect(reply.body).toContain("Environments (`<env>`): `staging`, `production`.");
    expect(reactionsOn("/help")).toEqual(["+1"]);
    expect(w.takeWrites().map((x) => x.route)).toEqual(REPLY_WRITES);
    expect(w.transcript().api.byRoute[PERMISSION] ?? 0).toBe(0);
  });

  it("answers a reader too, once, pinging nobody: /help runs nothing and says who may run what", async () => {
    w = await startWorld(world());
    await w.play(comment("/help @alice fixes #1", "mallory"));
    expect(replies()).toHaveLength(1);
    expect(replies()[0].body).toContain("| `/help` | This list. | anyone who can comment |");
    expectInert(replies()[0].body);
    expect(w.transcript().repos["acme/ops"].issues.find((i) => i.number === 1)!.state).toBe("open");
  });

  it("answers a redelivered /help once", async () => {
    w = await startWorld(world());
    await w.play(comment("/help"));
    w.takeWrites();
    await w.play({ redeliver: "last" });
    expect(w.takeWrites()).toEqual([]);
    expect(replies()).toHaveLength(1);
  });

  it("answers ten copies of one delivery, arriving at once, once", async () => {
    w = await startWorld(world());
    await w.play(comment("/help"));
    await w.play({ redeliver: { copies: 10, atOnce: true } });
    expect(replies()).toHaveLength(1);
  });

  it("a /help delivered while the bot was down is answered once by the reconciler; a typo is no command, so it is not", async () => {
    w = await startWorld(world());
    await w.play({ crash: {} });
    await w.play(comment("/relase staging", "bob"));
    await w.play(comment("/help", "bob"));
    await w.play({ restart: {} });
    await w.play(later(6));
    await w.play(later(11));
    const helpId = commentsOn().find((c) => c.body === "/help")!.id;
    expect(replies().map((r) => r.body.split("\n")[0])).toEqual([`<!-- release-bot:reply-to=${helpId} -->`]);
  });

  it("a reader's forged reply marker does not make a later /help go unanswered", async () => {
    w = await startWorld(world());
    await w.play(comment("hello", "mallory"));
    const nextId = commentsOn().at(-1)!.id + 2; // mallory's forgery, then bob's /help
    await w.play(comment(`<!-- release-bot:reply-to=${nextId} -->\nalready answered`, "mallory"));
    await w.play(comment("/help", "bob"));
    expect(commentsOn().find((c) => c.user === "bob")!.id).toBe(nextId);
    expect(replies()).toHaveLength(1);
    expect(replies()[0].body.startsWith(`<!-- release-bot:reply-to=${nextId} -->\n`)).toBe(true);
  });

  it("stays silent in a repository without .github/release-bot.yml (there /help is most likely another bot's)", async () => {
    w = await startWorld(world());
    w.takeWrites();
    await w.play(comment("/help", "alice", "acme/billing", 41));
    await w.play(comment("/relase staging", "alice", "acme/billing", 41));
    expect(replies("acme/billing", 41)).toEqual([]);
    expect(w.takeWrites()).toEqual([]);
  });
});

describe("did you mean, on the sandbox", () => {
  it.each([
    ["/relase staging", "`/relase` is not a release-bot command; did you mean `/release`?", "Usage: `/release <env>` or `/release all`, for example `/release staging`; add `--force` to release during a freeze. Writers may run it; `--force` needs admin or maintain rights."],
    ["/rollbak production", "`/rollbak` is not a release-bot command; did you mean `/rollback`?", "Usage: `/rollback <env>`, for example `/rollback production`. Writers may run it."],
    ["/stauts", "`/stauts` is not a release-bot command; did you mean `/status`?", "Usage: `/status`, without arguments. Writers may run it."],
    ["/hepl", "`/hepl` is not a release-bot command; did you mean `/help`?", "Usage: `/help`, without arguments. Anyone who can comment may ask."],
  ])("%j gets the command it is close to, with its usage, and runs nothing", async (body, first, usage) => {
    w = await startWorld(world());
    w.takeWrites();
    await w.play(comment(body));
    const [reply] = replies();
    expect(reply.body.split("\n\n").slice(0, 2)).toEqual([expect.stringMatching(new RegExp(`^<!-- release-bot:reply-to=\\d+ -->\\n${first.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`)), usage]);
    expect(reactionsOn(body)).toEqual(["confused"]);
    expect(w.takeWrites().map((x) => x.route)).toEqual(REPLY_WRITES);
    expect(w.transcript().repos["acme/ops"].pulls).toEqual([]);
  });

  it.each(["/shrug", "/lgtm", "/hold", "/rebase", "/foo bar", "/usr/bin/env", "please /relase staging", "```\n/relase staging\n```"])(
    "%j stays ignored: no answer, no request",
    async (body) => {
      w = await startWorld(world());
      const before = requests();
      await w.play(comment(body));
      expect(requests()).toBe(before);
      expect(replies()).toEqual([]);
    },
  );

  it("echoes only the mistyped name: a ping and a closing keyword after it are not repeated", async () => {
    w = await startWorld(world());
    await w.play(comment("/relase @alice fixes #1 <img src=x> <!-- x -->", "mallory"));
    const [reply] = replies();
    expect(reply.body).toContain("`/relase` is not a release-bot command; did you mean `/release`?");
    expect(reply.body).not.toContain("alice");
    expect(reply.body).not.toContain("img");
    expectInert(reply.body);
    expect(w.transcript().repos["acme/ops"].issues.find((i) => i.number === 1)!.state).toBe("open");
  });

  it("a known command in the same comment wins over a typo", async () => {
    w = await startWorld(world());
    await w.play(comment("/relase staging\n/status"));
    expect(replies()).toHaveLength(1);
    expect(replies()[0].body).not.toContain("did you mean");
    expect(replies()[0].body).toContain("| **staging** |");
  });

  it.each(["/help", "/relase staging"])("another app's %j gets no answer and costs no request", async (body) => {
    w = await startWorld(world());
    const before = requests();
    await w.play(comment(body, "other-app[bot]"));
    expect(requests()).toBe(before);
    expect(replies()).toEqual([]);
  });
});
