// Events (加减分, 否决, 处分, 立案调查): a stored row's evidence fields, mapped
// once from the table's column names to the names the contract and the
// exchange package use.
import type { EventKind } from '../../../shared/domain.ts';

export interface EventColumns {
  kind: string;
  type: string;
  points: number;
  reason: string;
  evidence: string;
  doc_number: string;
  doc_date: string | null;
  level: string;
  issuer: string;
  honour_key: string | null;
  level_rank: number | null;
  occurred_on: string | null;
  closed_on: string | null;
  outcome: string;
}

/** What an event says and on what evidence (everything but its subject and identity). */
export function eventFields(r: EventColumns) {
  return {
    kind: r.kind as EventKind,
    type: r.type,
    points: r.points,
    reason: r.reason,
    evidence: r.evidence,
    docNumber: r.doc_number,
    docDate: r.doc_date,
    level: r.level,
    issuer: r.issuer,
    honourKey: r.honour_key,
    levelRank: r.level_rank,
    occurredOn: r.occurred_on,
    closedOn: r.closed_on,
    outcome: r.outcome,
  };
}
