import { describe, expect, it } from "vitest";
import { planIssueTransition, type IssueTransitionPlan } from "../../src/domain/plan-issue-transition.js";

const staging = { "workflow/ready-for-staging": "workflow/test" };
const production = { "workflow/ready": "close" };
const nothing: IssueTransitionPlan = { add: [], remove: [], close: false };

/** The labels after applying a plan, as GitHub would (names compare ignoring case). */
function apply(labels: string[], plan: IssueTransitionPlan): string[] {
  const removed = new Set(plan.remove.map((l) => l.toLowerCase()));
  return [...labels.filter((l) => !removed.has(l.toLowerCase())), ...plan.add];
}

describe("planIssueTransition", () => {
  it.each<[string, string[], Record<string, string>, "open" | "closed" | undefined, IssueTransitionPlan]>([
    ["moves a label", ["bug", "workflow/ready-for-staging"], staging, undefined, { add: ["workflow/test"], remove: ["workflow/ready-for-staging"], close: false }],
    ["closes", ["workflow/ready"], production, "open", { add: [], remove: [], close: true }],
    ["closes when the state is not known", ["workflow/ready"], production, undefined, { add: [], remove: [], close: true }],
    ["does not close a closed issue", ["workflow/ready"], production, "closed", nothing],
    ["no matching label", ["bug"], staging, undefined, nothing],
    ["no transitions", ["workflow/ready-for-staging"], {}, undefined, nothing],
    ["already transitioned", ["workflow/test"], staging, undefined, nothing],
    ["target already there (crash after add): only removes", ["workflow/ready-for-staging", "workflow/test"], staging, undefined, { add: [], remove: ["workflow/ready-for-staging"], close: false }],
    ["label on the issue differs in case", ["Workflow/Ready-For-Staging"], staging, undefined, { add: ["workflow/test"], remove: ["Workflow/Ready-For-Staging"], close: false }],
    ["transition key differs in case", ["workflow/ready-for-staging"], { "WORKFLOW/READY-FOR-STAGING": "workflow/test" }, undefined, { add: ["workflow/test"], remove: ["workflow/ready-for-staging"], close: false }],
    ["target present in another case", ["workflow/ready-for-staging", "Workflow/Test"], staging, undefined, { add: [], remove: ["workflow/ready-for-staging"], close: false }],
    ["`Close` closes too", ["workflow/ready"], { "workflow/ready": "Close" }, "open", { add: [], remove: [], close: true }],
    ["a case-only rename is nothing to do", ["Workflow/Test"], { "workflow/test": "workflow/Test" }, undefined, nothing],
    ["two labels, one target, added once", ["a", "b"], { a: "done", b: "done" }, undefined, { add: ["done"], remove: ["a", "b"], close: false }],
    ["relabel and close together", ["workflow/ready-for-staging", "workflow/ready"], { ...staging, ...production }, "open", { add: ["workflow/test"], remove: ["workflow/ready-for-staging"], close: true }],
    ["chains are not followed in one plan", ["a"], { a: "b", b: "c" }, undefined, { add: ["b"], remove: ["a"], close: false }],
  ])("%s", (_name, labels, transitions, state, expected) => {
    expect(planIssueTransition({ labels, transitions, state })).toEqual(expected);
  });

  it.each<[string, string[], Record<string, string>]>([
    ["staging", ["bug", "workflow/ready-for-staging"], staging],
    ["mixed case", ["Workflow/Ready-For-Staging", "x"], staging],
    ["two into one", ["a", "b", "c"], { a: "done", B: "done" }],
    ["partly done", ["workflow/ready-for-staging", "workflow/test"], staging],
  ])("is idempotent: planning again on the result of %s has nothing to do", (_name, labels, transitions) => {
    const first = planIssueTransition({ labels, transitions });
    expect(planIssueTransition({ labels: apply(labels, first), transitions })).toEqual(nothing);
  });
});
