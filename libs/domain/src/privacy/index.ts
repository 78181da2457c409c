export * from './mask-phone';
export * from './mask-caller-phones';
export * from './case-holder';
export * from './access-reason';
export * from './track-access';
