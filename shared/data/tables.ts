// The three tables, defined once: the CDK stack, the local runtime and the test harness build them from here.
// Keys are generic (pk/sk/gsiNpk/gsiNsk) so that every access pattern in keys.ts fits without new indexes.

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDefinition {
  /** Logical name; the physical name comes from configuration (CDK generates it, local uses a prefix). */
  id: 'coordination' | 'insights' | 'audit' | 'sessions';
  partitionKey: string;
  sortKey: string;
  indexes: IndexDefinition[];
  timeToLiveAttribute: string;
  /** Whether the table's changes feed a stream (the outbox sender reads CoordinationTable's). */
  stream: boolean;
}

export const COORDINATION_TABLE: TableDefinition = {
  id: 'coordination',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  timeToLiveAttribute: 'expiresAt',
  stream: true,
};

export const INSIGHTS_TABLE: TableDefinition = {
  id: 'insights',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  timeToLiveAttribute: 'expiresAt',
  stream: false,
};

export const AUDIT_TABLE: TableDefinition = {
  id: 'audit',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  timeToLiveAttribute: 'expiresAt',
  stream: false,
};

export const TABLES = [COORDINATION_TABLE, INSIGHTS_TABLE, AUDIT_TABLE] as const;

/**
 * The console's sessions (CONSOLE.md): its own table, so the console's role holds no grant on any table with
 * personal data of victims, survey data or the audit trail. Not in TABLES: only the console and the local
 * runtime create it. Items expire by TTL at the session's absolute or idle end, whichever comes first.
 */
export const CONSOLE_SESSIONS_TABLE: TableDefinition = {
  id: 'sessions',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  timeToLiveAttribute: 'expiresAt',
  stream: false,
};
