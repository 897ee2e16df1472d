/** The typed unit model and its conversion to and from the raw model. */
export * from './model';
export * from './derived';
export * from './codec';
