export * from './media.config';
export * from './blob-store';
