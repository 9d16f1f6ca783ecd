/**
 * Files as GitHub gives them, which `readFiles` and `readFile` rely on: `Blob.text` is null for a binary
 * blob and cut at 512,000 bytes (`isTruncated`); `<rev>:<path>` ends the revision at the first colon;
 * the contents API returns up to 1 MB with the content, and a larger file with `content: ""`,
 * `encoding: "none"`. The port's own query reads them through variables.
 */
import { describe, expect, it } from "vitest";
import { parseScenario, startSandbox } from "../../src/sandbox/sandbox.js";
import { filesQuery, FILES_PER_QUERY } from "../../src/github/octokit-file-reads.js";
import { installationClient } from "./sandbox-client.js";

const CUT = 512_000;
const files = {
  "small.yml": "a: 1\n",
  "weird/a\"b:c.yml": "quoted: true\n",
  "cut.yml": `# ${"x".repeat(CUT)}\n`,
  "huge.yml": `# ${"y".repeat(1024 * 1024)}\n`,
  "logo.png": "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR",
};

async function withSandbox(run: (octokit: ReturnType<typeof installationClient>, head: string) => Promise<void>) {
  const sandbox = await startSandbox({ scenario: parseScenario({ name: "blobs", start: "2026-11-23T08:00:00+01:00", repos: { "acme/ops": { files } } }) });
  try {
    await run(installationClient(sandbox, "acme"), sandbox.world.repo("acme/ops").branchHead("main")!);
    expect(sandbox.contractViolations()).toEqual([]);
  } finally {
    await sandbox.close();
  }
}

describe("sandbox blobs and contents, as GitHub serves them", () => {
  it("Blob: text, byteSize, isBinary and isTruncated; a colon or quote in the path is the path's", async () => {
    await withSandbox(async (octokit, head) => {
      const paths = [...Object.keys(files), "missing.yml", "weird"];
      const variables = Object.fromEntries(paths.map((p, i) => [`e${i}`, `${head}:${p}`]));
      const data = await octokit.graphql<any>(filesQuery(paths.length), { owner: "acme", name: "ops", ...variables });
      const blob = (i: number) => data.repository[`f${i}`];
      expect(blob(0)).toMatchObject({ __typename: "Blob", text: "a: 1\n", byteSize: 5, isBinary: false, isTruncated: false });
      expect(blob(1)).toMatchObject({ text: "quoted: true\n", isTruncated: false });
      expect(blob(2)).toMatchObject({ byteSize: CUT + 3, isBinary: false, isTruncated: true });
      expect(Buffer.byteLength(blob(2).text)).toBe(CUT);
      expect(blob(3)).toMatchObject({ isTruncated: true });
      expect(blob(4)).toMatchObject({ text: null, isBinary: true });
      expect(blob(5)).toBeNull();
      // A directory is a Tree: no Blob fields.
      expect(blob(6)).toEqual({ __typename: "Tree" });
    });
  });

  it("the port's query takes up to FILES_PER_QUERY paths as variables, and validates against GitHub's schema", async () => {
    await withSandbox(async (octokit, head) => {
      const variables = Object.fromEntries(Array.from({ length: FILES_PER_QUERY }, (_, i) => [`e${i}`, `${head}:small.yml`]));
      const data = await octokit.graphql<any>(filesQuery(FILES_PER_QUERY), { owner: "acme", name: "ops", ...variables });
      expect(Object.keys(data.repository)).toHaveLength(FILES_PER_QUERY);
    });
  });

  it("contents API: up to 1 MB with the content; a larger file with empty content and encoding none", async () => {
    await withSandbox(async (octokit) => {
      const read = async (path: string) => (await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "ops", path })).data as any;
      const cut = await read("cut.yml");
      expect(cut.encoding).toBe("base64");
      expect(Buffer.from(cut.content, "base64").toString("utf8")).toBe(files["cut.yml"]);
      expect(await read("huge.yml")).toMatchObject({ type: "file", encoding: "none", content: "", size: 1024 * 1024 + 3 });
      const weird = await read('weird/a"b:c.yml');
      expect(weird.path).toBe('weird/a"b:c.yml');
      expect(weird.url).toContain("/contents/weird/a%22b%3Ac.yml?ref=");
    });
  });
});
