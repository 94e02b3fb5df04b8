export * from './registry.entity.js';
