import './validation.ts';
export * from './text.ts';
export * from './devices.ts';
export * from './queue.ts';
export * from './identity.ts';
export * from './protocol/envelope.ts';
export * from './protocol/catalogue.ts';
export * from './protocol/codec.ts';
export * from './clock.ts';
