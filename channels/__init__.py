"""Input channels of the assistant (Rasa's REST and socket.io channels with
input validation and a French answer when something fails): see guard.py."""
