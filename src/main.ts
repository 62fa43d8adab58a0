// Starts the platform: `npm start` runs this through the `vaardig serve` command.
import './cli/main.ts';
