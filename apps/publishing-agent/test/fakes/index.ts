export * from './fake-platform';
export * from './x.fake';
export * from './linkedin.fake';
export * from './mastodon.fake';
export * from './bluesky.fake';
export * from './wordpress.fake';
export * from './medium.fake';
export * from './webhook-receiver.fake';
