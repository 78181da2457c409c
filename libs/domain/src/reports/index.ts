/** Reports of one event: linking them to an open incident, summing them up, numbering and photos. */
export * from './link-report';
export * from './report-summary';
export * from './case-number';
export * from './report-photo';
