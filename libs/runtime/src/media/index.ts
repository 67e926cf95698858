export * from './media.config';
export * from './blob-store';
export * from './public-media-url';
export * from './image-renditions';
