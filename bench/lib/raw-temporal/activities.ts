// The hand-written baseline's one activity: the same GET the Conveyor `http` step makes, written
// the way a team using the SDK directly would write it.
export interface RawFlowActivities {
  callFibo(url: string): Promise<unknown>;
}

export const rawFlowActivities: RawFlowActivities = {
  async callFibo(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`fibo endpoint answered ${response.status}`);
    return response.json();
  },
};
