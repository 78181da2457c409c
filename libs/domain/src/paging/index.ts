export * from './notify-chain';
