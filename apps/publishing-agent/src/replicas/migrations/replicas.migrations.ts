import type { MigrationInterface } from 'typeorm';
import { brandReplicasRenameMigration } from '@mt/replicas';
import { ReplicaNames1766300000173 } from './1766300000173-replica-names.migration';

/** Migrations of publishing-agent's replicas since they took one naming rule (ADR 173); the tables were made by the parts' first migrations. */
export const REPLICA_MIGRATIONS: (new () => MigrationInterface)[] = [ReplicaNames1766300000173, brandReplicasRenameMigration('publishing')];
