export * from './replica-upsert';
export * from './brand/brand-access';
export * from './brand/brand-profile';
export * from './brand/brand-replicas.migration';
