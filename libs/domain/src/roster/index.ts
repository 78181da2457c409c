export * from './shanghai-wall-clock';
export * from './shift-schedule';
export * from './duty-at';
export * from './roster-validation';
