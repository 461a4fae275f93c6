// The baseline's one activity: the same HTTP call the Conveyor run's `http` step makes.
export interface RawActivities {
  callEndpoint(url: string): Promise<unknown>;
}

export const rawActivities: RawActivities = {
  async callEndpoint(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`endpoint answered ${response.status}`);
    return response.json();
  },
};
