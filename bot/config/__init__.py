"""What every part is given: settings from the environment, the services bundle, the clock."""
