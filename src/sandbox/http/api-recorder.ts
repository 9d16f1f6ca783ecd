/** Request counts per route, the write log and contract violations of one sandbox. */
import type { ContractViolation } from "../contract/violation.js";

export interface WriteRecord {
  /** Sandbox clock time. */
  at: string;
  repo: string | null;
  /** "PATCH /repos/{owner}/{repo}/git/refs/{ref}" or "graphql createCommitOnBranch". */
  route: string;
}

export class ApiRecorder {
  requests = 0;
  readonly byRoute: Record<string, number> = {};
  readonly writes: WriteRecord[] = [];
  readonly violations: ContractViolation[] = [];
  /** GraphQL points charged (GitHub's formula), in all and by operation name. */
  graphqlPoints = 0;
  readonly graphqlPointsByOperation: Record<string, number> = {};

  count(route: string): void {
    this.requests++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  write(record: WriteRecord): void {
    this.writes.push(record);
  }

  spendPoints(operationName: string, points: number): void {
    if (points <= 0) return;
    this.graphqlPoints += points;
    this.graphqlPointsByOperation[operationName] = (this.graphqlPointsByOperation[operationName] ?? 0) + points;
  }

  violate(violations: ContractViolation[]): void {
    this.violations.push(...violations);
  }
}
