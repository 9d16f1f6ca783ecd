import { describe, expect, it } from "vitest";
import { buildChangelog, type ChangelogPullInput } from "../../src/domain/build-changelog.js";
import { parseReferences } from "../../src/domain/parse-references.js";
import { planRelease } from "../../src/domain/plan-release.js";
import { parseReleaseMetadata } from "../../src/domain/release-metadata.js";
import { releaseMetadataOf, renderReleaseBody } from "../../src/domain/render-release-body.js";
import type { ComponentChange, Release } from "../../src/domain/types.js";

const OPS = "acme/ops";
const sha = (n: number) => `${String(n).padStart(7, "0")}${"a".repeat(33)}`;
const links = { redirect: "redirect.github.com" as const };

function change(opts: { component: string; pulls: number; loose?: number; issuesPerPull?: number; title?: (n: number) => string }): ComponentChange {
  const repo = `acme/${opts.component}`;
  const commits = [];
  const pullsByCommit: Record<string, ChangelogPullInput[]> = {};
  for (let i = 1; i <= opts.pulls; i++) {
    commits.push({ sha: sha(i), message: `Merge #${i}`, url: `https://github.com/${repo}/commit/${sha(i)}` });
    pullsByCommit[sha(i)] = [
      {
        number: i,
        title: opts.title?.(i) ?? `Change number ${i} with a reasonably long descriptive title`,
        body: "",
        url: `https://github.com/${repo}/pull/${i}`,
        author: "alice",
        merged: true,
        closingIssues: Array.from({ length: opts.issuesPerPull ?? 0 }, (_, k) => ({ repo: `${repo}-tracker`, number: 10_000 + i * 10 + k })),
      },
    ];
  }
  for (let i = 0; i < (opts.loose ?? 0); i++) commits.push({ sha: sha(90_000 + i), message: `direct push ${i}`, url: `https://github.com/${repo}/commit/${sha(90_000 + i)}`, author: "bob" });
  return {
    component: opts.component,
    repo,
    from: { version: "1431", commit: sha(1) },
    to: { version: "1432", commit: sha(2), url: `https://github.com/${repo}/actions/runs/1` },
    changelog: buildChangelog({ repo, compareUrl: `https://github.com/${repo}/compare/${sha(1)}...${sha(2)}`, commits, totalCommits: commits.length, pullsByCommit }),
  };
}

const release = (changes: ComponentChange[], skipped: Release["skipped"] = []) => planRelease({ environment: "staging", files: ["environments/staging.yml"], changes, skipped });
const withoutLinks = (body: string) => body.replace(/\[([^\]]*)\]\([^)]*\)/g, " ").replace(/<!-- release-bot:metadata[\s\S]*-->/, "");

describe("renderReleaseBody", () => {
  const billing: ComponentChange = {
    component: "billing",
    repo: "acme/billing",
    from: { version: "1431", commit: sha(1) },
    to: { version: "1432", commit: sha(2), url: "https://github.com/acme/billing/actions/runs/77" },
    changelog: buildChangelog({
      repo: "acme/billing",
      compareUrl: "https://github.com/acme/billing/compare/x...y",
      commits: [
        { sha: sha(3), message: "Fix rounding (#12)\n\nlong body fixes #99", url: "https://github.com/acme/billing/commit/3" },
        { sha: sha(4), message: "hotfix: closes acme/web#4 for @carol | <b>x</b>", url: "https://github.com/acme/billing/commit/4", author: "bob" },
      ],
      totalCommits: 2,
      pullsByCommit: { [sha(3)]: [{ number: 12, title: "Fix rounding, fixes #3 (thanks @alice)", body: "", url: "u", author: "alice", merged: true, closingIssues: [{ repo: "acme/billing", number: 3 }] }] },
    }),
  };
  const search: ComponentChange = {
    component: "search",
    repo: "acme/search",
    from: { version: "88", commit: sha(5) },
    to: { version: "91", commit: sha(6) },
    changelog: { status: "unavailable", reason: "pinned commit 0000005 is not known to acme/search", compareUrl: "https://github.com/acme/search/compare/a...b" },
  };
  const skipped = [{ component: "web", reason: "older" as const, detail: "build 1430 is older than pinned 1432, not downgraded" }];
  const body = renderReleaseBody({ release: release([billing, search], skipped), opsRepo: OPS, links });

  it.each([
    ["from → to with the build link", "### billing `1431` → [`1432`](https://github.com/acme/billing/actions/runs/77)"],
    ["compare link", "[Compare acme/billing `0000001`...`0000002`](https://github.com/acme/billing/compare/x...y)"],
    ["PR through the redirector, author without ping", "- [#12](https://redirect.github.com/acme/billing/pull/12) Fix rounding, f&#8203;ixes [#3](https://redirect.github.com/acme/billing/issues/3) (thanks @&#8203;alice) (alice)"],
    ["issues through the redirector", "**Issues:** [#3](https://redirect.github.com/acme/billing/issues/3), [#99](https://redirect.github.com/acme/billing/issues/99), [acme/web#4](https://redirect.github.com/acme/web/issues/4)"],
    ["commits without PR collapsed, sanitized", "<details><summary>1 commit without a pull request</summary>"],
    ["loose commit line", "- [`0000004`](https://github.com/acme/billing/commit/4) hotfix: c&#8203;loses [acme/web#4](https://redirect.github.com/acme/web/issues/4) for @&#8203;carol \\| &lt;b&gt;x&lt;/b&gt; (bob)"],
    ["unavailable changelog", "Changelog unavailable: pinned commit 0000005 is not known to acme/search. [Compare acme/search](https://github.com/acme/search/compare/a...b)"],
    ["skipped as a note", "- web: build 1430 is older than pinned 1432, not downgraded"],
    ["summary", "Updates `environments/staging.yml`: 2 components, 1 pull request, 3 referenced issues."],
  ])("shows %s", (_name, text) => {
    expect(body).toContain(text);
  });

  it("never writes a bare reference, a ping, a closing keyword or a github.com issue link", () => {
    expect(parseReferences({ text: withoutLinks(body), repo: OPS }).refs).toEqual([]);
    expect(parseReferences({ text: body, repo: OPS }).closing).toEqual([]);
    expect(body).not.toMatch(/(?<![\w&])@[a-z]/);
    expect(body).not.toMatch(/(?<!redirect\.)github\.com\/[^/]+\/[^/]+\/(issues|pull)\//);
    expect(body).not.toContain("<b>");
  });

  it("ends with metadata that round-trips", () => {
    expect(body.trimEnd().endsWith("-->")).toBe(true);
    const meta = parseReleaseMetadata(body);
    expect(meta).toEqual(releaseMetadataOf(release([billing, search], skipped)));
    expect(meta?.components.billing.to).toEqual({ version: "1432", commit: sha(2) });
  });

  it("is deterministic", () => {
    expect(renderReleaseBody({ release: release([billing, search], skipped), opsRepo: OPS, links })).toBe(body);
  });

  it.each([
    [{ redirect: false as const }, "https://ghe.corp", "[#12](https://ghe.corp/acme/billing/pull/12)"],
    [{ redirect: "https://r.example/" }, undefined, "[#12](https://r.example/acme/billing/pull/12)"],
  ])("links with %j", (linkConfig, githubUrl, text) => {
    expect(renderReleaseBody({ release: release([billing]), opsRepo: OPS, links: linkConfig, githubUrl })).toContain(text);
  });

  it("shows generatedAt only when given", () => {
    expect(renderReleaseBody({ release: release([billing]), opsRepo: OPS, links, generatedAt: "2024-06-03T09:00Z" })).toContain("2024-06-03T09:00Z");
  });

  it("drops commit lists first when over budget", () => {
    const r = release([change({ component: "billing", pulls: 3, loose: 40 })]);
    const full = renderReleaseBody({ release: r, opsRepo: OPS, links, budget: 1e9 });
    const cut = renderReleaseBody({ release: r, opsRepo: OPS, links, budget: full.length - 1 });
    expect(full).toContain("<details>");
    expect(cut).not.toContain("<details>");
    expect(cut).toContain("40 commits without a pull request: see [compare]");
    expect(cut).toContain("[#3](https://redirect.github.com/acme/billing/pull/3)");
  });

  it.each([
    ["600 PRs in one component", [change({ component: "billing", pulls: 600, loose: 600, issuesPerPull: 1 })], "… and", 1],
    ["300 components with 20 PRs each", Array.from({ length: 300 }, (_, i) => change({ component: `service-${i}`, pulls: 20 })), "This release is large", 300],
    ["300 components with 600 issues in total", Array.from({ length: 300 }, (_, i) => change({ component: `service-${i}`, pulls: 2, issuesPerPull: 1 })), "This release is large", 300],
  ])("stays under the limit: %s", (_name, changes, marker, components) => {
    const r = release(changes);
    const out = renderReleaseBody({ release: r, opsRepo: OPS, links });
    expect(out.length).toBeLessThanOrEqual(60_000);
    expect(out).toContain(marker);
    const meta = parseReleaseMetadata(out);
    expect(Object.keys(meta!.components)).toHaveLength(components);
    expect(meta!.issues).toEqual(r.issues);
  });

  it("caps the metadata's issues when even that does not fit, and says so", () => {
    const r = release([change({ component: "billing", pulls: 400, issuesPerPull: 5 })]);
    const out = renderReleaseBody({ release: r, opsRepo: OPS, links, budget: 8_000 });
    expect(out.length).toBeLessThanOrEqual(8_000);
    const meta = parseReleaseMetadata(out)!;
    expect(meta.issues.length).toBeGreaterThan(0);
    expect(meta.issues.length + meta.issuesOmitted!).toBe(2000);
    expect(out).toContain(`${meta.issuesOmitted} referenced issues could not be listed in this body (size limit); they are still told`);
  });

  it("1,000 components with 3 issues each: the body fits, the metadata leaves the pins to git and keeps every issue", () => {
    const r = release(Array.from({ length: 1000 }, (_, i) => change({ component: `service-${i}`, pulls: 3, issuesPerPull: 1 })));
    const out = renderReleaseBody({ release: r, opsRepo: OPS, links });
    expect(out.length).toBeLessThanOrEqual(60_000);
    const meta = parseReleaseMetadata(out)!;
    expect(meta.components).toEqual({});
    expect(meta.componentsOmitted).toBe(1000);
    expect(meta.issues).toEqual(r.issues);
    expect(meta.issues).toHaveLength(3000);
    expect(meta.issuesOmitted).toBeUndefined();
  });
});
