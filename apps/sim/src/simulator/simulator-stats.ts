/** Running counts, for the log and for tests that drive a hub with the simulator. */
export interface SimulatorStats {
  /** Workers the simulator moves. */
  workers: number;
  /** Workers signed in and answering offers. */
  signedIn: number;
  casesSent: number;
  offersReceived: number;
  accepted: number;
  declined: number;
  contacted: number;
  arrived: number;
  closed: number;
  positionBatches: number;
  failedRequests: number;
}

export function emptyStats(): SimulatorStats {
  return {
    workers: 0,
    signedIn: 0,
    casesSent: 0,
    offersReceived: 0,
    accepted: 0,
    declined: 0,
    contacted: 0,
    arrived: 0,
    closed: 0,
    positionBatches: 0,
    failedRequests: 0,
  };
}
